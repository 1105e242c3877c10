// Tenants are created by platform operators; each starts with one API key (shown once).
import type { Db } from "../../db/client";
import { newId } from "../../lib/ids";
import { apiKeysRepo } from "../api-keys/api-key.repo";
import { issueApiKey } from "../api-keys/api-key.service";
import { tenantsRepo } from "./tenant.repo";

export type CreatedTenant = { tenant: { id: string; name: string }; apiKey: string };

export async function createTenant(db: Db, input: { name: string }): Promise<CreatedTenant> {
  return db.$transaction(async (tx) => {
    const tenantId = newId("ten");
    const tenant = await tenantsRepo(tx).insert(tenantId, input.name);
    const { token } = await issueApiKey(apiKeysRepo(tx), tenantId, { name: "Default key" });
    return { tenant: { id: tenant.id, name: tenant.name }, apiKey: token };
  });
}
