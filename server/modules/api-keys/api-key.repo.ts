import type { DbClient } from "../../db/client";

export type NewApiKey = { id: string; name: string; prefix: string; keyHash: string; scopes: string[] };

export function apiKeysRepo(db: DbClient) {
  return {
    insert: (tenantId: string, key: NewApiKey) => db.apiKey.create({ data: { tenantId, ...key } }),
    /** Active (not revoked) key by hash; authentication runs before the tenant is known. */
    findActiveByHash: (keyHash: string) => db.apiKey.findFirst({ where: { keyHash, revokedAt: null } }),
    touchLastUsed: (tenantId: string, id: string) =>
      db.apiKey.update({ where: { tenantId_id: { tenantId, id } }, data: { lastUsedAt: new Date() } }),
    /** Newest first, revoked keys included (the portal shows the history). */
    list: (tenantId: string, page: { limit: number; cursor?: string }) =>
      db.apiKey.findMany({
        where: { tenantId, ...(page.cursor ? { id: { lt: page.cursor } } : {}) },
        orderBy: { id: "desc" },
        take: page.limit + 1,
      }),
    /** Sets revoked_at once (a second revoke keeps the first time); the key's hash, or null if no such key. */
    revoke: async (tenantId: string, id: string) => {
      await db.apiKey.updateMany({ where: { tenantId, id, revokedAt: null }, data: { revokedAt: new Date() } });
      const row = await db.apiKey.findFirst({ where: { tenantId, id }, select: { keyHash: true } });
      return row?.keyHash ?? null;
    },
  };
}
