import type { DbClient } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import type { DeliveryRow, ListDeliveriesQuery } from "./delivery.schemas";

const DELIVERY_COLUMNS = Prisma.sql`
  d.id, d.event_id AS "eventId", ev.type AS "eventType", d.endpoint_id AS "endpointId", d.status::text AS status,
  d.attempt_count AS "attemptCount", d.next_attempt_at AS "nextAttemptAt", d.last_attempt_at AS "lastAttemptAt",
  d.last_response_status AS "lastResponseStatus", d.last_error AS "lastError", d.delivered_at AS "deliveredAt",
  d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

export function deliveriesRepo(db: DbClient) {
  return {
    list: (tenantId: string, query: ListDeliveriesQuery) => {
      const where = [Prisma.sql`d.tenant_id = ${tenantId}`];
      if (query.endpoint_id) where.push(Prisma.sql`d.endpoint_id = ${query.endpoint_id}`);
      if (query.status) where.push(Prisma.sql`d.status = ${query.status}::delivery_status`);
      if (query.event_type) where.push(Prisma.sql`ev.type = ${query.event_type}`);
      if (query.since) where.push(Prisma.sql`d.created_at >= ${new Date(query.since)}`);
      if (query.until) where.push(Prisma.sql`d.created_at < ${new Date(query.until)}`);
      if (query.cursor) where.push(Prisma.sql`d.id < ${query.cursor}`);
      return db.$queryRaw<DeliveryRow[]>`
        SELECT ${DELIVERY_COLUMNS}
          FROM deliveries d LEFT JOIN events ev ON ev.tenant_id = d.tenant_id AND ev.id = d.event_id
         WHERE ${Prisma.join(where, " AND ")}
         ORDER BY d.id DESC LIMIT ${query.limit + 1}`;
    },
    find: async (tenantId: string, id: string) => {
      const rows = await db.$queryRaw<DeliveryRow[]>`
        SELECT ${DELIVERY_COLUMNS}
          FROM deliveries d LEFT JOIN events ev ON ev.tenant_id = d.tenant_id AND ev.id = d.event_id
         WHERE d.tenant_id = ${tenantId} AND d.id = ${id}`;
      return rows[0] ?? null;
    },
    attempts: (tenantId: string, deliveryId: string) =>
      db.attempt.findMany({ where: { tenantId, deliveryId }, orderBy: { id: "asc" } }),
  };
}
