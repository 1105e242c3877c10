import type { DbClient } from "../../db/client";

export type NewApiKey = { id: string; name: string; prefix: string; keyHash: string; scopes: string[] };

export function apiKeysRepo(db: DbClient) {
  return {
    insert: (tenantId: string, key: NewApiKey) => db.apiKey.create({ data: { tenantId, ...key } }),
    /** Active (not revoked) key by hash; authentication runs before the tenant is known. */
    findActiveByHash: (keyHash: string) => db.apiKey.findFirst({ where: { keyHash, revokedAt: null } }),
    touchLastUsed: (tenantId: string, id: string) =>
      db.apiKey.update({ where: { tenantId_id: { tenantId, id } }, data: { lastUsedAt: new Date() } }),
  };
}
