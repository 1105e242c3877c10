import type { DbClient } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import { firstIdAt } from "../../lib/time-range-query";
import type { EventRow, EventSummaryRow, EventTypeMatch, ListEventsQuery } from "./event.schemas";

/** SQL for a type filter on `column`; null for "*". Exact names can use the (tenant_id, type, id) index. */
export function eventTypeCondition(column: Prisma.Sql, filter: EventTypeMatch): Prisma.Sql | null {
  if (filter.kind === "exact") return Prisma.sql`${column} = ${filter.name}`;
  if (filter.kind === "prefix") return Prisma.sql`starts_with(${column}, ${`${filter.prefix}.`})`;
  return null;
}

export function eventsRepo(db: DbClient) {
  return {
    findIdempotencyKey: (tenantId: string, key: string) =>
      db.idempotencyKey.findFirst({ where: { tenantId, key, expiresAt: { gt: new Date() } } }),
    tenantExists: async (tenantId: string) => (await db.tenant.count({ where: { id: tenantId } })) > 0,
    eventTypeExists: async (name: string) => (await db.eventType.count({ where: { name } })) > 0,
    /**
     * Newest first, without payloads. Publishing gives an event the id of its created_at millisecond, so
     * since/until also bound the id: an index range on (tenant_id, id) or (tenant_id, type, id) that
     * skips the partitions outside the window.
     */
    list: (tenantId: string, query: ListEventsQuery) => {
      const where = [Prisma.sql`tenant_id = ${tenantId}`];
      const type = query.type && eventTypeCondition(Prisma.sql`type`, query.type);
      if (type) where.push(type);
      if (query.since) where.push(Prisma.sql`created_at >= ${query.since}`, Prisma.sql`id >= ${firstIdAt("evt", query.since.getTime())}`);
      if (query.until) where.push(Prisma.sql`created_at < ${query.until}`, Prisma.sql`id < ${firstIdAt("evt", query.until.getTime())}`);
      if (query.cursor) where.push(Prisma.sql`id < ${query.cursor}`);
      return db.$queryRaw<EventSummaryRow[]>`
        SELECT id, type, created_at AS "createdAt" FROM events
         WHERE ${Prisma.join(where, " AND ")}
         ORDER BY id DESC LIMIT ${query.limit + 1}`;
    },
    /** The primary key (tenant_id, id); the id alone picks the partition. */
    find: async (tenantId: string, id: string) => {
      const rows = await db.$queryRaw<EventRow[]>`
        SELECT id, type, payload, created_at AS "createdAt" FROM events WHERE tenant_id = ${tenantId} AND id = ${id}`;
      return rows[0] ?? null;
    },
  };
}
