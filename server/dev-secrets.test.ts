import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { embeddedDatabasePassword, resolveSecrets } from "./dev-secrets";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "hookline-secrets-"));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe("resolveSecrets", () => {
  it("generates unset secrets once into the data directory and reuses them", async () => {
    const first = await resolveSecrets({ HOOKLINE_DATA_DIR: dataDir, ADMIN_API_TOKEN: undefined, NEXTAUTH_SECRET: undefined });
    expect(first.ADMIN_API_TOKEN).toMatch(/^hla_/);
    expect(first.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(40);
    const file = path.join(dataDir, "secrets.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ ADMIN_API_TOKEN: first.ADMIN_API_TOKEN, NEXTAUTH_SECRET: first.NEXTAUTH_SECRET });
    expect(first.adminTokenFromFile).toBe(file);

    const second = await resolveSecrets({ HOOKLINE_DATA_DIR: dataDir, ADMIN_API_TOKEN: undefined, NEXTAUTH_SECRET: undefined });
    expect(second).toEqual(first);
  });

  it("keeps the embedded database password stable and separate from the tokens", async () => {
    const password = await embeddedDatabasePassword(dataDir);
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await embeddedDatabasePassword(dataDir)).toBe(password);
    const secrets = await resolveSecrets({ HOOKLINE_DATA_DIR: dataDir, ADMIN_API_TOKEN: undefined, NEXTAUTH_SECRET: undefined });
    expect(await embeddedDatabasePassword(dataDir)).toBe(password);
    expect(secrets.ADMIN_API_TOKEN).not.toBe(password);
  });

  it("prefers configured values and writes nothing when both are set", async () => {
    const resolved = await resolveSecrets({ HOOKLINE_DATA_DIR: dataDir, ADMIN_API_TOKEN: "hla_configured", NEXTAUTH_SECRET: "configured" });
    expect(resolved).toEqual({ ADMIN_API_TOKEN: "hla_configured", NEXTAUTH_SECRET: "configured" });
    await expect(stat(path.join(dataDir, "secrets.json"))).rejects.toThrow(/ENOENT/);
  });
});
