// Tenant API keys: shown once at creation, stored as a hash with a visible prefix, revocable.
import type { DbClient } from "../../db/client";
import { notFound } from "../../errors";
import { newId } from "../../lib/ids";
import { toPage } from "../../lib/pagination";
import { issueToken } from "../../lib/tokens";
import { forgetApiKey } from "../access/access.service";
import { apiKeysRepo } from "./api-key.repo";
import { type CreateApiKeyInput, type CreatedApiKey, toApiKeyResource } from "./api-key.schemas";

/** A new key row and the full key, which exists nowhere else after this call returns. */
async function insertApiKey(db: DbClient, tenantId: string, input: { name: string; scopes?: string[] }) {
  const issued = issueToken("apiKey");
  const row = await apiKeysRepo(db).insert(tenantId, {
    id: newId("key"),
    name: input.name,
    prefix: issued.prefix,
    keyHash: issued.hash,
    scopes: input.scopes ?? [],
  });
  return { row, token: issued.token };
}

export async function issueApiKey(db: DbClient, tenantId: string, input: { name: string; scopes?: string[] }) {
  const { row, token } = await insertApiKey(db, tenantId, input);
  return { id: row.id, prefix: row.prefix, token };
}

/** The API resource plus `key`: the only response that ever carries the full key. */
export async function createApiKey(db: DbClient, tenantId: string, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const { row, token } = await insertApiKey(db, tenantId, input);
  return { ...toApiKeyResource(row), key: token };
}

export async function listApiKeys(db: DbClient, tenantId: string, page: { limit: number; cursor?: string }) {
  return toPage(await apiKeysRepo(db).list(tenantId, page), page.limit, toApiKeyResource);
}

/**
 * Revoking is idempotent: an already revoked key of this tenant → success again (the caller's intent,
 * "this key must not work", holds), keeping the first revoked_at. Unknown or another tenant's id → 404.
 * The row stays, for the history. A caller may revoke the very key it is using.
 */
export async function revokeApiKey(db: DbClient, tenantId: string, id: string): Promise<void> {
  const keyHash = await apiKeysRepo(db).revoke(tenantId, id);
  if (keyHash === null) throw notFound("API key", id);
  forgetApiKey(keyHash);
}
