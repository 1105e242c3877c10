// Endpoint runtime state as the attempt recorder reads and writes it (circuit window and transitions,
// AIMD, healthy-rate tracker, ramp, auto-disable clock). Locked in key order, like the claim does.
import { columnOf, prepared, type Sql } from "../../db/sql";
import type { Circuit } from "../../delivery/circuit-breaker";
import type { EndpointRuntime } from "../../delivery/endpoint-feedback";
import type { Pace, Ramp } from "../../delivery/pacing";

export type EndpointKey = { tenantId: string; endpointId: string };

/** SQL for what an endpoint may have in flight now (AIMD limit or max_concurrency): a deliver job's tier. */
export const effectiveConcurrencySql = (alias: string) =>
  `LEAST(${alias}.max_concurrency, COALESCE(floor(${alias}.concurrency_limit)::int, ${alias}.max_concurrency))`;
export type StoredRuntime = EndpointKey & { runtime: EndpointRuntime };

type RuntimeRow = EndpointKey & {
  circuitState: "closed" | "open" | "half_open";
  circuitOpenedAt: Date | null;
  circuitCooldownMs: number | null;
  circuitProbeAt: Date | null;
  windowStartedAt: Date | null;
  windowFailures: number;
  windowSuccesses: number;
  prevWindowFailures: number;
  prevWindowSuccesses: number;
  concurrencyLimit: number | null;
  maxConcurrency: number;
  rateLimitPerSecond: number | null;
  rampStartedAt: Date | null;
  rampRate: number | null;
  rateTat: Date | null;
  failingSince: Date | null;
  peakRate: number;
  rateWindowStartedAt: Date | null;
  rateWindowSuccesses: number;
};

const LOCK_SQL = prepared(
  `SELECT e.tenant_id AS "tenantId", e.id AS "endpointId", e.circuit_state AS "circuitState", e.circuit_opened_at AS "circuitOpenedAt",
          e.circuit_cooldown_ms AS "circuitCooldownMs", e.circuit_probe_at AS "circuitProbeAt", e.window_started_at AS "windowStartedAt",
          e.window_failures AS "windowFailures", e.window_successes AS "windowSuccesses", e.prev_window_failures AS "prevWindowFailures",
          e.prev_window_successes AS "prevWindowSuccesses", e.concurrency_limit AS "concurrencyLimit", e.max_concurrency AS "maxConcurrency",
          e.rate_limit_per_second AS "rateLimitPerSecond", e.ramp_started_at AS "rampStartedAt", e.ramp_rate AS "rampRate", e.rate_tat AS "rateTat",
          e.failing_since AS "failingSince", e.peak_rate AS "peakRate", e.rate_window_started_at AS "rateWindowStartedAt",
          e.rate_window_successes AS "rateWindowSuccesses", (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS "nowMs"
     FROM unnest($1::text[], $2::text[]) AS x(tenant_id, id)
     JOIN endpoints e ON e.tenant_id = x.tenant_id AND e.id = x.id
    ORDER BY e.tenant_id, e.id
      FOR NO KEY UPDATE OF e`,
);

const ms = (date: Date | null) => (date === null ? null : date.getTime());
const date = (value: number | null) => (value === null ? null : new Date(value));

export function circuitOf(row: { circuitState: "closed" | "open" | "half_open"; circuitOpenedAt: Date | null; circuitCooldownMs: number | null; circuitProbeAt: Date | null }): Circuit {
  if (row.circuitState === "closed" || !row.circuitOpenedAt || !row.circuitProbeAt) return { state: "closed" };
  return { state: row.circuitState, openedAtMs: row.circuitOpenedAt.getTime(), cooldownMs: row.circuitCooldownMs ?? 0, probeAtMs: row.circuitProbeAt.getTime() };
}

/** The recovery ramp stored on an endpoint row, if one is running. */
export function rampOf(row: { rampStartedAt: Date | null; rampRate: number | null }): Ramp | null {
  return row.rampStartedAt && row.rampRate !== null ? { startedAtMs: row.rampStartedAt.getTime(), targetRate: row.rampRate } : null;
}

/** The endpoint's rate limit and recovery ramp, as the pacing functions take them. */
export function paceOf(row: { rateLimitPerSecond: number | null; rampStartedAt: Date | null; rampRate: number | null }): Pace {
  return { limitPerSecond: row.rateLimitPerSecond, ramp: rampOf(row) };
}

function toRuntime(row: RuntimeRow): EndpointRuntime {
  return {
    circuit: circuitOf(row),
    window: {
      startedAtMs: ms(row.windowStartedAt),
      failures: row.windowFailures,
      successes: row.windowSuccesses,
      prevFailures: row.prevWindowFailures,
      prevSuccesses: row.prevWindowSuccesses,
    },
    concurrencyLimit: row.concurrencyLimit,
    maxConcurrency: row.maxConcurrency,
    limitPerSecond: row.rateLimitPerSecond,
    ramp: rampOf(row),
    tatMs: ms(row.rateTat),
    failingSinceMs: ms(row.failingSince),
    peak: { windowStartedAtMs: ms(row.rateWindowStartedAt), windowSuccesses: row.rateWindowSuccesses, peakRate: row.peakRate },
  };
}

/** Locks the endpoints' rows; returns their runtime state and the database's clock. */
export async function lockEndpointRuntimes(tx: Sql, keys: EndpointKey[]): Promise<{ stored: StoredRuntime[]; nowMs: number }> {
  if (!keys.length) return { stored: [], nowMs: 0 };
  const { rows } = await tx.executeSql(LOCK_SQL, [columnOf(keys, "tenantId"), columnOf(keys, "endpointId")]);
  const typed = rows as (RuntimeRow & { nowMs: number })[];
  return { stored: typed.map((row) => ({ tenantId: row.tenantId, endpointId: row.endpointId, runtime: toRuntime(row) })), nowMs: Number(typed[0]?.nowMs ?? 0) };
}

const SAVE_SQL = prepared(
  `UPDATE endpoints e
      SET circuit_state = x.circuit_state, circuit_opened_at = x.opened_at, circuit_cooldown_ms = x.cooldown_ms, circuit_probe_at = x.probe_at,
          window_started_at = x.window_started_at, window_failures = x.window_failures, window_successes = x.window_successes,
          prev_window_failures = x.prev_failures, prev_window_successes = x.prev_successes, concurrency_limit = x.concurrency_limit,
          ramp_started_at = x.ramp_started_at, ramp_rate = x.ramp_rate, rate_tat = x.tat, failing_since = x.failing_since,
          peak_rate = x.peak_rate, rate_window_started_at = x.rate_window_started_at, rate_window_successes = x.rate_window_successes
     FROM unnest($1::text[], $2::text[], $3::circuit_state[], $4::timestamptz[], $5::int[], $6::timestamptz[], $7::timestamptz[], $8::int[], $9::int[],
                 $10::int[], $11::int[], $12::float8[], $13::timestamptz[], $14::float8[], $15::timestamptz[], $16::timestamptz[], $17::float8[],
                 $18::timestamptz[], $19::int[])
          AS x(tenant_id, id, circuit_state, opened_at, cooldown_ms, probe_at, window_started_at, window_failures, window_successes,
               prev_failures, prev_successes, concurrency_limit, ramp_started_at, ramp_rate, tat, failing_since, peak_rate,
               rate_window_started_at, rate_window_successes)
    WHERE e.tenant_id = x.tenant_id AND e.id = x.id`,
);

export async function saveEndpointRuntimes(tx: Sql, stored: StoredRuntime[]): Promise<void> {
  if (!stored.length) return;
  const runtimes = stored.map((s) => s.runtime);
  const open = (c: Circuit) => (c.state === "closed" ? null : c);
  await tx.executeSql(SAVE_SQL, [
    columnOf(stored, "tenantId"),
    columnOf(stored, "endpointId"),
    runtimes.map((r) => r.circuit.state),
    runtimes.map((r) => date(open(r.circuit)?.openedAtMs ?? null)),
    runtimes.map((r) => open(r.circuit)?.cooldownMs ?? null),
    runtimes.map((r) => date(open(r.circuit)?.probeAtMs ?? null)),
    runtimes.map((r) => date(r.window.startedAtMs)),
    runtimes.map((r) => r.window.failures),
    runtimes.map((r) => r.window.successes),
    runtimes.map((r) => r.window.prevFailures),
    runtimes.map((r) => r.window.prevSuccesses),
    runtimes.map((r) => r.concurrencyLimit),
    runtimes.map((r) => date(r.ramp?.startedAtMs ?? null)),
    runtimes.map((r) => r.ramp?.targetRate ?? null),
    runtimes.map((r) => date(r.tatMs)),
    runtimes.map((r) => date(r.failingSinceMs)),
    runtimes.map((r) => r.peak.peakRate),
    runtimes.map((r) => date(r.peak.windowStartedAtMs)),
    runtimes.map((r) => r.peak.windowSuccesses),
  ]);
}

/** 410 Gone, or failing for ENDPOINT_DISABLE_AFTER: disabled with the reason; its deliveries get held. */
export async function disableEndpoints(sql: Sql, endpoints: EndpointKey[], reason: "gone" | "failing"): Promise<void> {
  if (!endpoints.length) return;
  await sql.executeSql(
    `UPDATE endpoints e SET enabled = false, disabled_reason = $3::endpoint_disabled_reason, disabled_at = now(), updated_at = now()
       FROM unnest($1::text[], $2::text[]) AS x(tenant_id, id)
      WHERE e.tenant_id = x.tenant_id AND e.id = x.id AND e.enabled`,
    [columnOf(endpoints, "tenantId"), columnOf(endpoints, "endpointId"), reason],
  );
}
