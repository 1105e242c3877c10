// What the replay tick (workers/replay-tick.job.ts) reads and writes: the replay row (locked: one
// tick per replay at a time) with its endpoint's gate state (read, not locked: claims and recorders
// lock endpoints before replays), and the next waiting items.
import type { Sql } from "../../db/sql";

export type TickReplay = {
  tenantId: string;
  id: string;
  endpointId: string;
  state: string;
  ratePerSecond: number;
  nextSlotAtMs: number | null;
  total: number;
  done: number;
  /** Last change to the replay (a blocked replay does not change: how long it has been waiting). */
  updatedAtMs: number;
  enabled: boolean;
  circuitState: string;
  rateLimitPerSecond: number | null;
  rampStartedAt: Date | null;
  rampRate: number | null;
  maxConcurrency: number;
  concurrencyLimit: number | null;
  nowMs: number;
};

export async function lockReplayForTick(tx: Sql, tenantId: string, replayId: string): Promise<TickReplay | null> {
  const { rows } = await tx.executeSql(
    `SELECT r.tenant_id AS "tenantId", r.id, r.endpoint_id AS "endpointId", r.state::text AS state, r.rate_per_second AS "ratePerSecond",
            (extract(epoch FROM r.next_slot_at) * 1000)::float8 AS "nextSlotAtMs", r.total, r.delivered + r.failed + r.skipped AS done,
            (extract(epoch FROM r.updated_at) * 1000)::float8 AS "updatedAtMs",
            e.enabled, e.circuit_state::text AS "circuitState", e.rate_limit_per_second AS "rateLimitPerSecond",
            e.ramp_started_at AS "rampStartedAt", e.ramp_rate AS "rampRate", e.max_concurrency AS "maxConcurrency",
            e.concurrency_limit AS "concurrencyLimit", (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS "nowMs"
       FROM replays r JOIN endpoints e ON e.tenant_id = r.tenant_id AND e.id = r.endpoint_id
      WHERE r.tenant_id = $1 AND r.id = $2
        FOR UPDATE OF r`,
    [tenantId, replayId],
  );
  const row = rows[0] as TickReplay | undefined;
  if (!row) return null;
  return { ...row, nowMs: Number(row.nowMs), updatedAtMs: Number(row.updatedAtMs), nextSlotAtMs: row.nextSlotAtMs === null ? null : Number(row.nextSlotAtMs) };
}

/**
 * Marks the next waiting items scheduled, one per slot, in delivery order. Items a claim has locked
 * (putting one back) are skipped, not waited for: the next tick takes them.
 */
export async function scheduleWaitingItems(tx: Sql, tenantId: string, replayId: string, slots: Date[]): Promise<{ deliveryId: string; at: Date }[]> {
  if (!slots.length) return [];
  const { rows } = await tx.executeSql(
    `WITH next AS (
       SELECT delivery_id, row_number() OVER (ORDER BY delivery_id) AS n FROM (
         SELECT delivery_id FROM replay_items
          WHERE tenant_id = $1 AND replay_id = $2 AND state = 'waiting'
          ORDER BY delivery_id LIMIT $3 FOR UPDATE SKIP LOCKED) w)
     UPDATE replay_items ri SET state = 'scheduled', scheduled_at = ($4::timestamptz[])[next.n]
       FROM next WHERE ri.tenant_id = $1 AND ri.replay_id = $2 AND ri.delivery_id = next.delivery_id
     RETURNING ri.delivery_id AS "deliveryId", ri.scheduled_at AS at`,
    [tenantId, replayId, slots.length, slots],
  );
  return (rows as { deliveryId: string; at: Date }[]).sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Items scheduled and not yet claimed, counted up to `cap` (the partial index holds only those). */
export async function countScheduledItems(tx: Sql, tenantId: string, replayId: string, cap: number): Promise<number> {
  const { rows } = await tx.executeSql(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM replay_items WHERE tenant_id = $1 AND replay_id = $2 AND state = 'scheduled' LIMIT $3) s`,
    [tenantId, replayId, cap],
  );
  return (rows[0] as { n: number }).n;
}

export async function hasWaitingItems(tx: Sql, tenantId: string, replayId: string): Promise<boolean> {
  const { rows } = await tx.executeSql(`SELECT EXISTS (SELECT 1 FROM replay_items WHERE tenant_id = $1 AND replay_id = $2 AND state = 'waiting') AS waiting`, [tenantId, replayId]);
  return Boolean((rows[0] as { waiting: boolean }).waiting);
}

export async function saveTick(tx: Sql, tenantId: string, replayId: string, update: { nextSlotAt: Date | null; completed: boolean }): Promise<void> {
  await tx.executeSql(
    `UPDATE replays SET next_slot_at = $3, updated_at = now(),
            state = CASE WHEN $4 THEN 'completed' ELSE state END::replay_state,
            finished_at = CASE WHEN $4 THEN now() ELSE finished_at END
      WHERE tenant_id = $1 AND id = $2`,
    [tenantId, replayId, update.nextSlotAt, update.completed],
  );
}

/**
 * Items scheduled long ago whose deliver job is gone (its retries ran out, or it was lost): back in
 * line. Returns their replays, which need a tick.
 */
export async function requeueLostItems(tx: Sql, bossSchema: string, queue: string, graceMs: number, limit: number): Promise<{ tenantId: string; replayId: string }[]> {
  const { rows } = await tx.executeSql(
    `WITH lost AS (
       SELECT ri.tenant_id, ri.replay_id, ri.delivery_id FROM replay_items ri
        WHERE ri.state = 'scheduled' AND ri.scheduled_at < now() - $1 * interval '1 millisecond'
          AND EXISTS (SELECT 1 FROM replays r WHERE r.tenant_id = ri.tenant_id AND r.id = ri.replay_id AND r.state IN ('running', 'paused'))
          AND NOT EXISTS (SELECT 1 FROM ${bossSchema}.job j
                           WHERE j.name = $2 AND j.singleton_key = ri.delivery_id AND j.state <= 'active' AND j.data->>'replayId' = ri.replay_id)
        LIMIT $3 FOR UPDATE OF ri SKIP LOCKED)
     UPDATE replay_items ri SET state = 'waiting', scheduled_at = NULL
       FROM lost WHERE ri.tenant_id = lost.tenant_id AND ri.replay_id = lost.replay_id AND ri.delivery_id = lost.delivery_id
     RETURNING ri.tenant_id AS "tenantId", ri.replay_id AS "replayId"`,
    [graceMs, queue, limit],
  );
  const replays = new Map((rows as { tenantId: string; replayId: string }[]).map((r) => [`${r.tenantId}/${r.replayId}`, r]));
  return [...replays.values()];
}

/** Running replays that have waiting items but lost their tick job (the sweeper gives them one). */
export async function replaysWithoutTick(tx: Sql, bossSchema: string, queue: string, limit: number): Promise<{ tenantId: string; replayId: string }[]> {
  const { rows } = await tx.executeSql(
    `SELECT r.tenant_id AS "tenantId", r.id AS "replayId" FROM replays r
      WHERE r.state = 'running' AND r.updated_at < now() - interval '1 minute'
        AND EXISTS (SELECT 1 FROM replay_items ri WHERE ri.tenant_id = r.tenant_id AND ri.replay_id = r.id AND ri.state = 'waiting')
        AND NOT EXISTS (SELECT 1 FROM ${bossSchema}.job j WHERE j.name = $1 AND j.singleton_key = r.id AND j.state <= 'active')
      LIMIT $2`,
    [queue, limit],
  );
  return rows as { tenantId: string; replayId: string }[];
}
