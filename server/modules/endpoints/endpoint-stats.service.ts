// The portal's view of endpoint_stats: one endpoint's last 24 h per hour (the endpoint page's chart),
// and the last 24 h of a page of endpoints at once (the endpoint list). Each is one grouped statement
// over the per-minute counters; percentiles come from the summed latency histograms.
import { fromPrisma } from "pg-boss";
import type { Db } from "../../db/client";
import { notFound } from "../../errors";
import { LATENCY_BOUNDS_MS, latencyPercentile } from "../../lib/latency-histogram";
import type { EndpointHealthSummary, HourStats } from "./endpoint-stats.schemas";
import { endpointHealthStates, endpointStatsByHour, endpointStatsTotals, type GroupedStats, type StatsTotals } from "./endpoint-stats.repo";
import { endpointsRepo } from "./endpoint.repo";

const HOUR_MS = 3600_000;
const CHART_HOURS = 24;
const SUMMARY_WINDOW_MS = 24 * HOUR_MS;

function percentileMs(buckets: readonly number[], q: number): number | null {
  const ms = latencyPercentile(buckets, LATENCY_BOUNDS_MS, q);
  return ms === null ? null : Math.round(ms);
}

/** 24 UTC hours, oldest first, the last the current (partial) hour; hours without counters are zeros. */
export function hourlySeries(rows: readonly GroupedStats<Date>[], nowMs: number): HourStats[] {
  const byHour = new Map(rows.map((row) => [row.key.getTime(), row]));
  const firstHourMs = chartStartMs(nowMs);
  return Array.from({ length: CHART_HOURS }, (_, i) => {
    const hourMs = firstHourMs + i * HOUR_MS;
    const row = byHour.get(hourMs);
    return {
      hour: new Date(hourMs).toISOString(),
      attempts: row?.attempts ?? 0,
      successes: row?.successes ?? 0,
      failures: row?.failures ?? 0,
      latency_p50_ms: row ? percentileMs(row.latencyBuckets, 0.5) : null,
      latency_p95_ms: row ? percentileMs(row.latencyBuckets, 0.95) : null,
    };
  });
}

function chartStartMs(nowMs: number): number {
  return Math.floor(nowMs / HOUR_MS) * HOUR_MS - (CHART_HOURS - 1) * HOUR_MS;
}

export async function getEndpointStats(db: Db, tenantId: string, endpointId: string, nowMs = Date.now()): Promise<HourStats[]> {
  const since = new Date(chartStartMs(nowMs));
  const until = new Date(since.getTime() + CHART_HOURS * HOUR_MS);
  // The counters are filtered by tenant too, so reading them before the 404 leaks nothing.
  const [endpoint, rows] = await Promise.all([
    endpointsRepo(db).find(tenantId, endpointId),
    endpointStatsByHour(fromPrisma(db), tenantId, endpointId, since, until),
  ]);
  if (!endpoint) throw notFound("endpoint", endpointId);
  return hourlySeries(rows, nowMs);
}

const NO_STATS: StatsTotals = { attempts: 0, successes: 0, failures: 0, latencyBuckets: [] };

/** The tenant's endpoints among `ids`, in the order asked, with their last 24 h; other ids are left out. */
export async function getEndpointHealthSummary(db: Db, tenantId: string, ids: readonly string[], nowMs = Date.now()): Promise<EndpointHealthSummary[]> {
  const unique = [...new Set(ids)];
  const sql = fromPrisma(db);
  const [states, totals] = await Promise.all([
    endpointHealthStates(sql, tenantId, unique),
    endpointStatsTotals(sql, tenantId, unique, new Date(nowMs - SUMMARY_WINDOW_MS)),
  ]);
  const stateById = new Map(states.map((state) => [state.id, state]));
  const totalsById = new Map(totals.map((row) => [row.key, row]));
  return unique.flatMap((id) => {
    const state = stateById.get(id);
    if (!state) return [];
    const stats = totalsById.get(id) ?? NO_STATS;
    return [
      {
        endpoint_id: id,
        circuit_state: state.circuitState,
        enabled: state.enabled,
        disabled_reason: state.disabledReason,
        last_24h: {
          attempts: stats.attempts,
          successes: stats.successes,
          failures: stats.failures,
          success_rate: stats.attempts > 0 ? stats.successes / stats.attempts : null,
          latency_p95_ms: percentileMs(stats.latencyBuckets, 0.95),
        },
      },
    ];
  });
}
