// Tenants are created by platform operators; each starts with one API key (shown once).
import type { Db } from "../../db/client";
import { newId } from "../../lib/ids";
import { issueApiKey } from "../api-keys/api-key.service";
import { tenantsRepo } from "./tenant.repo";
import type { CreatedTenant } from "./tenant.schemas";

export async function createTenant(db: Db, input: { name: string }): Promise<CreatedTenant> {
  return db.$transaction(async (tx) => {
    const tenant = await tenantsRepo(tx).insert(newId("ten"), input.name);
    const key = await issueApiKey(tx, tenant.id, { name: "Default key" });
    return { tenant: { id: tenant.id, name: tenant.name }, api_key: key.token };
  });
}
