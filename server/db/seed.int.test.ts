import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../lib/tokens";
import { verifyPassword } from "../lib/password";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { DEMO_EVENT_TYPES, DEMO_LOGIN, seedDemo } from "./seed";

let database: TestDatabase;
let dataDir: string;
beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "hookline-seed-"));
});
afterAll(async () => {
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function counts() {
  const db = database.db;
  const [tenants, users, memberships, apiKeys, serviceTokens, eventTypes] = await Promise.all([
    db.tenant.count(), db.user.count(), db.membership.count(), db.apiKey.count(), db.serviceToken.count(), db.eventType.count(),
  ]);
  return { tenants, users, memberships, apiKeys, serviceTokens, eventTypes };
}

describe("seedDemo", () => {
  it("creates the demo tenant, login, key, token and event types once, and reuses them after", async () => {
    const first = await seedDemo(database.db, dataDir);
    expect(first.created.length).toBeGreaterThan(0);
    expect(await counts()).toEqual({ tenants: 1, users: 1, memberships: 1, apiKeys: 1, serviceTokens: 1, eventTypes: DEMO_EVENT_TYPES.length });

    const second = await seedDemo(database.db, dataDir);
    expect(second.created).toEqual([]);
    expect(second).toMatchObject({ tenantId: first.tenantId, apiKey: first.apiKey, serviceToken: first.serviceToken });
    expect(await counts()).toEqual({ tenants: 1, users: 1, memberships: 1, apiKeys: 1, serviceTokens: 1, eventTypes: DEMO_EVENT_TYPES.length });
  });

  it("stores only hashes in the database and the plaintext in the owner-only credentials file", async () => {
    const seeded = await seedDemo(database.db, dataDir);
    const key = await database.db.apiKey.findFirstOrThrow();
    expect(key.keyHash).toBe(hashToken(seeded.apiKey));
    expect(JSON.stringify(key)).not.toContain(seeded.apiKey);
    const user = await database.db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
    expect(await verifyPassword(DEMO_LOGIN.password, user.passwordHash!)).toBe(true);
    const file = path.join(dataDir, "demo-credentials.json");
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ apiKey: seeded.apiKey });
  });

  it("issues a fresh key when the saved one was revoked", async () => {
    const before = await seedDemo(database.db, dataDir);
    await database.db.apiKey.updateMany({ data: { revokedAt: new Date() } });
    const after = await seedDemo(database.db, dataDir);
    expect(after.apiKey).not.toBe(before.apiKey);
    expect(after.created).toEqual(["API key"]);
  });
});
