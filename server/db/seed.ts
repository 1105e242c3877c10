// Idempotent demo data: platform event types, a demo tenant with a portal user, an API key and a
// service token. Plaintext credentials are kept in <data dir>/demo-credentials.json (local demo only)
// so every start can print them; the database holds only their hashes.
import path from "node:path";
import { readJsonFile, writeJsonFile } from "../lib/json-file";
import { hashToken } from "../lib/tokens";
import { apiKeysRepo } from "../modules/api-keys/api-key.repo";
import { issueApiKey } from "../modules/api-keys/api-key.service";
import { ensureEventTypes } from "../modules/event-types/event-type.service";
import { createServiceToken, findActiveServiceToken } from "../modules/service-tokens/service-token.service";
import { tenantsRepo } from "../modules/tenants/tenant.repo";
import { createUserInTenant, findUserByEmail } from "../modules/users/user.service";
import type { Db } from "./client";
import { newId } from "../lib/ids";

export const DEMO_EVENT_TYPES = [
  { name: "charge.succeeded", description: "A charge was captured." },
  { name: "charge.failed", description: "A charge attempt was declined or errored." },
  { name: "charge.refunded", description: "A charge was refunded, fully or in part." },
  { name: "invoice.paid", description: "An invoice was paid." },
  { name: "invoice.payment_failed", description: "Collecting an invoice failed." },
  { name: "customer.created", description: "A customer was created." },
  { name: "customer.updated", description: "A customer's details changed." },
];

export const DEMO_LOGIN = { email: "demo@hookline.dev", password: "hookline-demo", name: "Demo User" };
const DEMO_TENANT_NAME = "Demo Company";

export type DemoCredentials = {
  tenantId: string;
  email: string;
  password: string;
  apiKey: string;
  serviceToken: string;
};

export type SeedResult = DemoCredentials & { created: string[] };

export async function seedDemo(db: Db, dataDir: string): Promise<SeedResult> {
  const created: string[] = [];
  const newTypes = await ensureEventTypes(db, DEMO_EVENT_TYPES);
  if (newTypes.length) created.push(`${newTypes.length} event types`);

  const file = path.resolve(dataDir, "demo-credentials.json");
  const saved = await readJsonFile<DemoCredentials>(file);
  const tenantId = await ensureDemoTenant(db, created);
  const apiKey = await ensureApiKey(db, tenantId, saved.apiKey, created);
  const serviceToken = await ensureServiceToken(db, saved.serviceToken, created);
  const credentials: DemoCredentials = { tenantId, email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, apiKey, serviceToken };
  if (created.length) await writeJsonFile(file, credentials);
  return { ...credentials, created };
}

async function ensureDemoTenant(db: Db, created: string[]): Promise<string> {
  const user = await findUserByEmail(db, DEMO_LOGIN.email);
  if (user?.memberships[0]) return user.memberships[0].tenantId;
  return db.$transaction(async (tx) => {
    const tenantId = newId("ten");
    await tenantsRepo(tx).insert(tenantId, DEMO_TENANT_NAME);
    await createUserInTenant(tx, tenantId, { ...DEMO_LOGIN, role: "owner" });
    created.push("demo tenant and user");
    return tenantId;
  });
}

async function ensureApiKey(db: Db, tenantId: string, saved: string | undefined, created: string[]): Promise<string> {
  if (saved) {
    const row = await apiKeysRepo(db).findActiveByHash(hashToken(saved));
    if (row?.tenantId === tenantId) return saved;
  }
  const { token } = await issueApiKey(db, tenantId, { name: "Demo key" });
  created.push("API key");
  return token;
}

async function ensureServiceToken(db: Db, saved: string | undefined, created: string[]): Promise<string> {
  if (saved && (await findActiveServiceToken(db, saved))) return saved;
  const { token } = await createServiceToken(db, { name: "Demo publisher" });
  created.push("service token");
  return token;
}
