// Per-endpoint, per-minute attempt counters (table endpoint_stats): added to by the attempt recorder
// inside its transaction, summed over 24 h by the health API and the portal (per endpoint, per hour),
// pruned by the hourly maintenance. Rows
// are built by aggregateStats() in server/lib/latency-histogram.ts, which also owns the bucket bounds.
import type { CircuitState, EndpointDisabledReason } from "../../db/generated/enums";
import { columnOf, prepared, type Sql } from "../../db/sql";
import type { StatsRow } from "../../lib/latency-histogram";

// One statement for a whole batch. Rows are joined to their endpoint FOR KEY SHARE, so an endpoint
// deleted meanwhile drops its rows here instead of failing the recorder's transaction on the foreign
// key, and they are inserted in key order, so concurrent recorders lock shared rows in one order
// (no deadlocks). Buckets travel as '{1,2,…}' text: unnest would flatten a 2-D int array.
const RECORD_SQL = prepared(
  `INSERT INTO endpoint_stats AS s (tenant_id, endpoint_id, minute, attempts, successes, failures, latency_buckets)
   SELECT x.t, x.e, x.m, x.a, x.ok, x.f, x.b::int[]
     FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::int[], $7::text[]) AS x(t, e, m, a, ok, f, b)
     JOIN endpoints ep ON ep.tenant_id = x.t AND ep.id = x.e
    ORDER BY x.t, x.e, x.m
      FOR KEY SHARE OF ep
   ON CONFLICT (tenant_id, endpoint_id, minute) DO UPDATE
      SET attempts = s.attempts + EXCLUDED.attempts,
          successes = s.successes + EXCLUDED.successes,
          failures = s.failures + EXCLUDED.failures,
          latency_buckets = ARRAY(SELECT COALESCE(cur, 0) + COALESCE(inc, 0)
                                    FROM unnest(s.latency_buckets, EXCLUDED.latency_buckets) WITH ORDINALITY AS u(cur, inc, i)
                                   ORDER BY i)`,
);

/**
 * Adds the rows to the stored counters (a new minute is inserted, an existing one summed, buckets
 * element-wise). Each (tenant, endpoint, minute) may appear once: pass aggregateStats() output.
 * `sql` may be a transaction.
 */
export async function recordEndpointStats(sql: Sql, rows: StatsRow[]): Promise<void> {
  if (!rows.length) return;
  await sql.executeSql(RECORD_SQL, [
    columnOf(rows, "tenantId"),
    columnOf(rows, "endpointId"),
    rows.map((r) => r.minute.toISOString()),
    columnOf(rows, "attempts"),
    columnOf(rows, "successes"),
    columnOf(rows, "failures"),
    rows.map((r) => `{${r.latencyBuckets.join(",")}}`),
  ]);
}

export type StatsTotals = { attempts: number; successes: number; failures: number; latencyBuckets: number[] };

/** The counters of the minutes after `since`, summed (buckets element-wise). Reads ≤ 1,440 rows per day via the primary key. */
export async function sumEndpointStats(sql: Sql, tenantId: string, endpointId: string, since: Date): Promise<StatsTotals> {
  const { rows } = await sql.executeSql(
    `WITH minutes AS MATERIALIZED (
       SELECT attempts, successes, failures, latency_buckets FROM endpoint_stats
        WHERE tenant_id = $1 AND endpoint_id = $2 AND minute > $3::timestamptz)
     SELECT COALESCE(sum(attempts), 0)::float8 AS attempts, COALESCE(sum(successes), 0)::float8 AS successes,
            COALESCE(sum(failures), 0)::float8 AS failures,
            ARRAY(SELECT sum(b.n)::float8 FROM minutes m CROSS JOIN LATERAL unnest(m.latency_buckets) WITH ORDINALITY AS b(n, i)
                   GROUP BY b.i ORDER BY b.i) AS "latencyBuckets"
       FROM minutes`,
    [tenantId, endpointId, since.toISOString()],
  );
  return rows[0] as StatsTotals;
}

/** Counters summed per group (an hour, an endpoint), buckets element-wise. */
export type GroupedStats<K> = StatsTotals & { key: K };

// `minutes` selects the rows to sum as (k, attempts, successes, failures, latency_buckets); the sums
// are grouped by k. Buckets are unnested once and summed per (k, position), not per group in a loop.
const groupedSumSql = (minutes: string) => `WITH minutes AS MATERIALIZED (${minutes}),
   buckets AS (
     SELECT m.k, b.i, sum(b.n)::float8 AS n FROM minutes m CROSS JOIN LATERAL unnest(m.latency_buckets) WITH ORDINALITY AS b(n, i) GROUP BY m.k, b.i),
   arrays AS (SELECT k, array_agg(n ORDER BY i) AS latency_buckets FROM buckets GROUP BY k),
   totals AS (
     SELECT k, sum(attempts)::float8 AS attempts, sum(successes)::float8 AS successes, sum(failures)::float8 AS failures FROM minutes GROUP BY k)
 SELECT t.k AS key, t.attempts, t.successes, t.failures, COALESCE(a.latency_buckets, '{}') AS "latencyBuckets"
   FROM totals t LEFT JOIN arrays a ON a.k = t.k ORDER BY t.k`;

/** One endpoint's counters per UTC hour from `since` (inclusive) to `until` (exclusive); hours without rows are absent. */
export async function endpointStatsByHour(sql: Sql, tenantId: string, endpointId: string, since: Date, until: Date): Promise<GroupedStats<Date>[]> {
  const { rows } = await sql.executeSql(
    groupedSumSql(`SELECT date_trunc('hour', minute, 'UTC') AS k, attempts, successes, failures, latency_buckets FROM endpoint_stats
                    WHERE tenant_id = $1 AND endpoint_id = $2 AND minute >= $3::timestamptz AND minute < $4::timestamptz`),
    [tenantId, endpointId, since.toISOString(), until.toISOString()],
  );
  return rows as GroupedStats<Date>[];
}

/** Each of the endpoints' counters over the minutes after `since`, summed; endpoints without rows are absent. */
export async function endpointStatsTotals(sql: Sql, tenantId: string, endpointIds: string[], since: Date): Promise<GroupedStats<string>[]> {
  const { rows } = await sql.executeSql(
    groupedSumSql(`SELECT endpoint_id AS k, attempts, successes, failures, latency_buckets FROM endpoint_stats
                    WHERE tenant_id = $1 AND endpoint_id = ANY($2::text[]) AND minute > $3::timestamptz`),
    [tenantId, endpointIds, since.toISOString()],
  );
  return rows as GroupedStats<string>[];
}

/** Endpoints per DELETE: each statement stays short, and one run never holds one long transaction. */
const DELETE_BATCH_ENDPOINTS = 1_000;

// Walks endpoints in key order and finds each one's old minutes through the primary key
// (tenant_id, endpoint_id, minute): there is deliberately no index on minute alone. OFFSET 0 keeps the
// lookup a per-endpoint index scan (flattened, the planner prefers one hash join over a scan of the
// whole table for every batch); the rows found are then deleted by their physical address.
const DELETE_OLD_SQL = `WITH batch AS MATERIALIZED (
     SELECT tenant_id, id FROM endpoints WHERE (tenant_id, id) > ($2::text, $3::text) ORDER BY tenant_id, id LIMIT $4),
   old AS MATERIALIZED (
     SELECT o.ctid FROM batch b CROSS JOIN LATERAL (
       SELECT s.ctid FROM endpoint_stats s WHERE s.tenant_id = b.tenant_id AND s.endpoint_id = b.id AND s.minute < $1::timestamptz OFFSET 0) o),
   gone AS (
     DELETE FROM endpoint_stats WHERE ctid = ANY (ARRAY(SELECT ctid FROM old)) RETURNING 1)
   SELECT (SELECT count(*) FROM gone)::int AS deleted, (SELECT count(*) FROM batch)::int AS endpoints,
          last.tenant_id AS "lastTenantId", last.id AS "lastId"
     FROM (SELECT 1) one
     LEFT JOIN LATERAL (SELECT tenant_id, id FROM batch ORDER BY tenant_id DESC, id DESC LIMIT 1) last ON true`;

/** Deletes every endpoint's minutes before `olderThan`; returns how many rows went. Not transactional: one statement per batch of endpoints. */
export async function deleteOldEndpointStats(sql: Sql, olderThan: Date, batchEndpoints = DELETE_BATCH_ENDPOINTS): Promise<number> {
  let deleted = 0;
  let after = { tenantId: "", id: "" };
  for (;;) {
    const { rows } = await sql.executeSql(DELETE_OLD_SQL, [olderThan.toISOString(), after.tenantId, after.id, batchEndpoints]);
    const result = rows[0] as { deleted: number; endpoints: number; lastTenantId: string | null; lastId: string | null };
    deleted += result.deleted;
    if (result.endpoints < batchEndpoints || result.lastTenantId === null || result.lastId === null) return deleted;
    after = { tenantId: result.lastTenantId, id: result.lastId };
  }
}

export type EndpointHealthState = { id: string; enabled: boolean; disabledReason: EndpointDisabledReason | null; circuitState: CircuitState };

/** The state the portal's endpoint list shows beside the counters, for those of the ids that are the tenant's. */
export async function endpointHealthStates(sql: Sql, tenantId: string, endpointIds: string[]): Promise<EndpointHealthState[]> {
  const { rows } = await sql.executeSql(
    `SELECT id, enabled, disabled_reason::text AS "disabledReason", circuit_state::text AS "circuitState"
       FROM endpoints WHERE tenant_id = $1 AND id = ANY($2::text[])`,
    [tenantId, endpointIds],
  );
  return rows as EndpointHealthState[];
}
