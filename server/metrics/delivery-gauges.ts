// Gauges read from the database at scrape time, the same on web (/api/metrics) and worker (/metrics):
// queue depth by state, age of the oldest ready job, and endpoints by circuit state.
import { Gauge, type Registry } from "prom-client";
import type { Sql } from "../db/sql";
import { BOSS_SCHEMA } from "../jobs/boss";
import { QUEUE } from "../jobs/queues";

export type QueueDepth = { queue: string; ready: number; deferred: number; active: number; failed: number };

export async function readQueueDepths(sql: Sql): Promise<QueueDepth[]> {
  const { rows } = await sql.executeSql(
    `SELECT name AS queue,
            count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now())::int AS ready,
            count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after > now())::int AS deferred,
            count(*) FILTER (WHERE state = 'active')::int AS active,
            count(*) FILTER (WHERE state = 'failed')::int AS failed
       FROM ${BOSS_SCHEMA}.job WHERE name = ANY($1::text[]) AND state IN ('created', 'retry', 'active', 'failed')
      GROUP BY name`,
    [Object.values(QUEUE)],
  );
  return rows as QueueDepth[];
}

/** Queue depths read at most once per `maxAgeMs`, so several gauges of one scrape share one query. */
export function sharedQueueDepths(sql: Sql, maxAgeMs = 1_000): () => Promise<QueueDepth[]> {
  let last: { at: number; depths: Promise<QueueDepth[]> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > maxAgeMs) last = { at: now, depths: readQueueDepths(sql) };
    return last.depths;
  };
}

export function registerDeliveryGauges(registry: Registry, sql: Sql, queueDepths = sharedQueueDepths(sql)): void {
  const registers = [registry];
  new Gauge({
    name: "hookline_queue_jobs",
    help: "Jobs per queue and state (ready, deferred, active, failed).",
    labelNames: ["queue", "state"] as const,
    registers,
    async collect() {
      const depths = await queueDepths();
      for (const queue of Object.values(QUEUE)) {
        const depth = depths.find((d) => d.queue === queue);
        for (const state of ["ready", "deferred", "active", "failed"] as const) this.set({ queue, state }, depth?.[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: "hookline_queue_oldest_ready_seconds",
    help: "Age of the oldest job that is ready to run, per queue (0 when none is waiting).",
    labelNames: ["queue"] as const,
    registers,
    async collect() {
      const { rows } = await sql.executeSql(
        `SELECT q.name AS queue, COALESCE(extract(epoch FROM now() - (
            SELECT min(start_after) FROM ${BOSS_SCHEMA}.job j
             WHERE j.name = q.name AND j.state IN ('created', 'retry') AND j.start_after <= now())), 0)::float8 AS age
           FROM unnest($1::text[]) AS q(name)`,
        [Object.values(QUEUE)],
      );
      for (const row of rows as { queue: string; age: number }[]) this.set({ queue: row.queue }, row.age);
    },
  });
  new Gauge({
    name: "hookline_endpoints_by_circuit_state",
    help: "Endpoints per circuit-breaker state (closed, open, half_open).",
    labelNames: ["state"] as const,
    registers,
    async collect() {
      this.reset();
      const { rows } = await sql.executeSql(`SELECT circuit_state AS state, count(*)::int AS count FROM endpoints GROUP BY circuit_state`);
      for (const row of rows as { state: string; count: number }[]) this.set({ state: row.state }, row.count);
    },
  });
  new Gauge({
    name: "hookline_endpoints_disabled",
    help: "Disabled endpoints by reason (manual, gone, failing); their deliveries are held.",
    labelNames: ["reason"] as const,
    registers,
    async collect() {
      this.reset();
      const { rows } = await sql.executeSql(`SELECT disabled_reason AS reason, count(*)::int AS count FROM endpoints WHERE NOT enabled GROUP BY disabled_reason`);
      for (const row of rows as { reason: string; count: number }[]) this.set({ reason: row.reason }, row.count);
    },
  });
  new Gauge({
    name: "hookline_deliveries_held",
    help: "Deliveries waiting in held (circuit open or endpoint disabled), attempt budget untouched.",
    registers,
    async collect() {
      // Per tenant, so each count is an index-only range on (tenant_id, status, next_attempt_at).
      const { rows } = await sql.executeSql(
        `SELECT COALESCE(sum(h.n), 0)::int AS held FROM tenants t
           CROSS JOIN LATERAL (SELECT count(*) AS n FROM deliveries d WHERE d.tenant_id = t.id AND d.status = 'held') h`,
      );
      this.set(Number((rows[0] as { held: number } | undefined)?.held ?? 0));
    },
  });
}
