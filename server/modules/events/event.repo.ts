import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";

export type NewEvent = { id: string; type: string; payload: Prisma.InputJsonValue; idempotencyKey: string | null; createdAt: Date };

export function eventsRepo(db: DbClient) {
  return {
    insert: (tenantId: string, event: NewEvent) => db.event.create({ data: { tenantId, ...event } }),
    /** Endpoints whose filters overlap the event type's patterns (exact, every `prefix.*`, `*`). */
    countMatchingEndpoints: async (tenantId: string, patterns: string[]) => {
      const rows = await db.$queryRaw<{ count: bigint }[]>`
        SELECT count(*) AS count FROM endpoints WHERE tenant_id = ${tenantId} AND event_types && ${patterns}::text[]`;
      return Number(rows[0]?.count ?? 0);
    },
    findIdempotencyKey: (tenantId: string, key: string) =>
      db.idempotencyKey.findFirst({ where: { tenantId, key, expiresAt: { gt: new Date() } } }),
    /** false when another request holds the key (it wins; we re-read its response). */
    insertIdempotencyKey: async (
      tenantId: string,
      row: { key: string; requestHash: string; eventId: string; response: Prisma.InputJsonValue; expiresAt: Date },
    ) => {
      const inserted = await db.$executeRaw`
        INSERT INTO idempotency_keys (tenant_id, key, request_hash, event_id, response, expires_at)
        VALUES (${tenantId}, ${row.key}, ${row.requestHash}, ${row.eventId}, ${JSON.stringify(row.response)}::jsonb, ${row.expiresAt})
        ON CONFLICT (tenant_id, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, event_id = EXCLUDED.event_id, response = EXCLUDED.response,
              expires_at = EXCLUDED.expires_at, created_at = now()
          WHERE idempotency_keys.expires_at <= now()`;
      return inserted === 1;
    },
    tenantExists: async (tenantId: string) => (await db.tenant.count({ where: { id: tenantId } })) > 0,
    eventTypeExists: async (name: string) => (await db.eventType.count({ where: { name } })) > 0,
  };
}
