// Tenant API keys: shown once at creation, stored as a hash with a visible prefix.
import type { DbClient } from "../../db/client";
import { newId } from "../../lib/ids";
import { issueToken } from "../../lib/tokens";
import { apiKeysRepo } from "./api-key.repo";

export async function issueApiKey(db: DbClient, tenantId: string, input: { name: string; scopes?: string[] }) {
  const issued = issueToken("apiKey");
  const row = await apiKeysRepo(db).insert(tenantId, {
    id: newId("key"),
    name: input.name,
    prefix: issued.prefix,
    keyHash: issued.hash,
    scopes: input.scopes ?? [],
  });
  return { id: row.id, prefix: row.prefix, token: issued.token };
}
