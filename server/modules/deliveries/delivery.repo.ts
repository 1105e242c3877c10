import type { DbClient } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import { firstIdAt } from "../../lib/time-range-query";
import { eventTypeCondition } from "../events/event.repo";
import type { DeliveryRow, ListDeliveriesQuery } from "./delivery.schemas";

const DELIVERY_COLUMNS = Prisma.sql`
  d.id, d.event_id AS "eventId", ev.type AS "eventType", d.endpoint_id AS "endpointId", d.status::text AS status,
  d.attempt_count AS "attemptCount", d.next_attempt_at AS "nextAttemptAt", d.last_attempt_at AS "lastAttemptAt",
  d.last_response_status AS "lastResponseStatus", d.last_error AS "lastError", d.delivered_at AS "deliveredAt",
  d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

/**
 * Fan-out names a delivery by the worker's clock and stamps created_at with the database's, so the two
 * differ by the transaction's age plus clock skew. Widened by this slack, since/until also bound the id:
 * the scan is a range of (tenant_id, id) instead of a filter over every newer delivery of the tenant.
 */
const ID_TIME_SLACK_MS = 3600_000;

/** Every condition starts from the tenant, so each plan is a range of a tenant-first index. */
function listConditions(tenantId: string, query: ListDeliveriesQuery): Prisma.Sql[] {
  const where = [Prisma.sql`d.tenant_id = ${tenantId}`];
  if (query.endpoint_id) where.push(Prisma.sql`d.endpoint_id = ${query.endpoint_id}`);
  if (query.event_id) where.push(Prisma.sql`d.event_id = ${query.event_id}`);
  if (query.status) where.push(Prisma.sql`d.status = ANY(${query.status}::delivery_status[])`);
  const type = query.event_type && eventTypeCondition(Prisma.sql`ev.type`, query.event_type);
  if (type) where.push(type);
  if (query.since) where.push(Prisma.sql`d.created_at >= ${query.since}`, Prisma.sql`d.id >= ${firstIdAt("dlv", query.since.getTime() - ID_TIME_SLACK_MS)}`);
  if (query.until) where.push(Prisma.sql`d.created_at < ${query.until}`, Prisma.sql`d.id < ${firstIdAt("dlv", query.until.getTime() + ID_TIME_SLACK_MS)}`);
  if (query.cursor) where.push(Prisma.sql`d.id < ${query.cursor}`);
  return where;
}

export function deliveriesRepo(db: DbClient) {
  return {
    list: (tenantId: string, query: ListDeliveriesQuery) =>
      db.$queryRaw<DeliveryRow[]>`
        SELECT ${DELIVERY_COLUMNS}
          FROM deliveries d LEFT JOIN events ev ON ev.tenant_id = d.tenant_id AND ev.id = d.event_id
         WHERE ${Prisma.join(listConditions(tenantId, query), " AND ")}
         ORDER BY d.id DESC LIMIT ${query.limit + 1}`,
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
