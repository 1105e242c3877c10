import type { DbClient } from "../../db/client";

export function eventsRepo(db: DbClient) {
  return {
    findIdempotencyKey: (tenantId: string, key: string) =>
      db.idempotencyKey.findFirst({ where: { tenantId, key, expiresAt: { gt: new Date() } } }),
    tenantExists: async (tenantId: string) => (await db.tenant.count({ where: { id: tenantId } })) > 0,
    eventTypeExists: async (name: string) => (await db.eventType.count({ where: { name } })) > 0,
  };
}
