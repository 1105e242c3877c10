// Replay rows and their items for the web side (create, read, pause, resume, cancel). Items are
// snapshotted with one INSERT … SELECT over the endpoint's deliveries (index tenant_id, endpoint_id,
// status, id); the events join only applies an event-type filter.
import type { DbClient } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import { parseFilter } from "../../delivery/event-type-match";
import { BOSS_SCHEMA } from "../../jobs/boss";
import { QUEUE } from "../../jobs/queues";
import { eventTypeCondition } from "../events/event.repo";
import type { EventTypeMatch } from "../events/event.schemas";
import type { ListReplaysQuery, ReplayFilter, ReplayRow } from "./replay.schemas";

const REPLAY_COLUMNS = Prisma.sql`
  r.id, r.endpoint_id AS "endpointId", r.state::text AS state, r.rate_per_second AS "ratePerSecond", r.filter,
  r.total, r.sent, r.delivered, r.failed, r.skipped, r.created_at AS "createdAt", r.updated_at AS "updatedAt",
  r.finished_at AS "finishedAt", e.enabled AS "endpointEnabled", e.circuit_state::text AS "circuitState"`;

function matchConditions(tenantId: string, endpointId: string, filter: ReplayFilter): Prisma.Sql {
  const where = [
    Prisma.sql`d.tenant_id = ${tenantId}`,
    Prisma.sql`d.endpoint_id = ${endpointId}`,
    Prisma.sql`d.status = ANY(${filter.statuses}::delivery_status[])`,
  ];
  if (filter.delivery_ids) where.push(Prisma.sql`d.id = ANY(${filter.delivery_ids}::text[])`);
  if (filter.since) where.push(Prisma.sql`d.created_at >= ${filter.since}`);
  if (filter.until) where.push(Prisma.sql`d.created_at < ${filter.until}`);
  // Any of the filters; "*" (no condition) matches everything.
  const types = (filter.event_types ?? []).map((value) => eventTypeCondition(Prisma.sql`ev.type`, parseFilter(value) as EventTypeMatch));
  if (types.length && !types.includes(null)) where.push(Prisma.sql`(${Prisma.join(types as Prisma.Sql[], " OR ")})`);
  return Prisma.join(where, " AND ");
}

const MATCH_FROM = Prisma.sql`deliveries d LEFT JOIN events ev ON ev.tenant_id = d.tenant_id AND ev.id = d.event_id`;

export function replaysRepo(db: DbClient) {
  return {
    /** How many deliveries the filter matches, counting at most `cap` (a preview, and the size check). */
    countMatches: async (tenantId: string, endpointId: string, filter: ReplayFilter, cap: number) => {
      const rows = await db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM (SELECT 1 FROM ${MATCH_FROM} WHERE ${matchConditions(tenantId, endpointId, filter)} LIMIT ${cap}) m`;
      return rows[0]?.n ?? 0;
    },
    insert: async (tenantId: string, replay: { id: string; endpointId: string; filter: object; ratePerSecond: number }) => {
      await db.$executeRaw`
        INSERT INTO replays (tenant_id, id, endpoint_id, filter, rate_per_second, state)
        VALUES (${tenantId}, ${replay.id}, ${replay.endpointId}, ${JSON.stringify(replay.filter)}::jsonb, ${replay.ratePerSecond}, 'running')`;
    },
    /** Snapshots the matching deliveries as the replay's items; returns how many, and sets `total`. */
    insertItems: async (tenantId: string, replayId: string, endpointId: string, filter: ReplayFilter) => {
      const count = await db.$executeRaw`
        INSERT INTO replay_items (tenant_id, replay_id, delivery_id)
        SELECT d.tenant_id, ${replayId}, d.id FROM ${MATCH_FROM} WHERE ${matchConditions(tenantId, endpointId, filter)}`;
      await db.$executeRaw`
        UPDATE replays SET total = ${count},
               state = CASE WHEN ${count} = 0 THEN 'completed' ELSE state END::replay_state,
               finished_at = CASE WHEN ${count} = 0 THEN now() END
         WHERE tenant_id = ${tenantId} AND id = ${replayId}`;
      return count;
    },
    find: async (tenantId: string, id: string) => {
      const rows = await db.$queryRaw<ReplayRow[]>`
        SELECT ${REPLAY_COLUMNS} FROM replays r JOIN endpoints e ON e.tenant_id = r.tenant_id AND e.id = r.endpoint_id
         WHERE r.tenant_id = ${tenantId} AND r.id = ${id}`;
      return rows[0] ?? null;
    },
    list: (tenantId: string, query: ListReplaysQuery) => {
      const where = [Prisma.sql`r.tenant_id = ${tenantId}`];
      if (query.endpoint_id) where.push(Prisma.sql`r.endpoint_id = ${query.endpoint_id}`);
      if (query.cursor) where.push(Prisma.sql`r.id < ${query.cursor}`);
      return db.$queryRaw<ReplayRow[]>`
        SELECT ${REPLAY_COLUMNS} FROM replays r JOIN endpoints e ON e.tenant_id = r.tenant_id AND e.id = r.endpoint_id
         WHERE ${Prisma.join(where, " AND ")} ORDER BY r.id DESC LIMIT ${query.limit + 1}`;
    },
    /**
     * Moves the replay from one of `from` to `to`; false when it was in none of them. The row lock
     * waits for a tick in progress, so the items it scheduled are visible to withdrawItems after it.
     */
    transition: async (tenantId: string, id: string, from: string[], to: "running" | "paused" | "cancelled") =>
      (await db.$executeRaw`
        UPDATE replays SET state = ${to}::replay_state, updated_at = now(),
               next_slot_at = CASE WHEN ${to} = 'running' THEN NULL ELSE next_slot_at END,
               finished_at = CASE WHEN ${to} = 'cancelled' THEN now() ELSE finished_at END
         WHERE tenant_id = ${tenantId} AND id = ${id} AND state = ANY(${from}::replay_state[])`) > 0,
    /** The replay's queued tick (at most one): resume replaces it, so a late one does not delay it. */
    queuedTickIds: async (id: string) =>
      (
        await db.$queryRaw<{ id: string }[]>`
          SELECT id::text FROM ${Prisma.raw(BOSS_SCHEMA)}.job WHERE name = ${QUEUE.replayTick} AND singleton_key = ${id} AND state = 'created'`
      ).map((job) => job.id),
    /**
     * Scheduled items (at most the tick's 2 s backlog) go back to waiting (pause) or are cancelled;
     * returns their queued deliver jobs, for the caller to cancel (a stale job must not fire after
     * resume). A cancelled replay's waiting items are left as they are: nothing schedules them again,
     * and withdrawing 100,000 of them would hold the replay row (and the recorders waiting on it).
     * Items a claim has locked are skipped, not waited for (the claim takes the replay row after its
     * items, so waiting here, with the replay row held, could deadlock): that claim sends its item or,
     * seeing the replay paused, puts it back itself.
     */
    withdrawItems: async (tenantId: string, id: string, to: "waiting" | "cancelled") => {
      const withdrawn = await db.$queryRaw<{ deliveryId: string }[]>`
        WITH target AS (
          SELECT delivery_id FROM replay_items
           WHERE tenant_id = ${tenantId} AND replay_id = ${id} AND state = 'scheduled'
           ORDER BY delivery_id FOR UPDATE SKIP LOCKED)
        UPDATE replay_items ri SET state = ${to}::replay_item_state, scheduled_at = NULL
          FROM target t WHERE ri.tenant_id = ${tenantId} AND ri.replay_id = ${id} AND ri.delivery_id = t.delivery_id
        RETURNING ri.delivery_id AS "deliveryId"`;
      const scheduled = withdrawn.map((w) => w.deliveryId);
      if (!scheduled.length) return [];
      const jobs = await db.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM ${Prisma.raw(BOSS_SCHEMA)}.job
         WHERE name = ${QUEUE.deliver} AND singleton_key = ANY(${scheduled}::text[]) AND state < 'active' AND data->>'replayId' = ${id}`;
      return jobs.map((job) => job.id);
    },
  };
}
