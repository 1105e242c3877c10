// Read-only queries the scenarios measure with, always scoped to one scenario's tenant.
import type pg from "pg";

const num = (value: unknown): number => (value === null || value === undefined ? Number.NaN : Number(value));

/**
 * Which of a tenant's deliveries a measurement looks at: only some endpoints' (e.g. the healthy ones
 * next to failing ones), only events created within [eventsFrom, eventsTo] (epoch ms), or all.
 */
export type DeliveryScope = {
  endpointIds?: readonly string[];
  eventsFrom?: number;
  eventsTo?: number;
  /**
   * Also count deliveries that are not delivered (yet), each with its age so far: a lower bound of its
   * latency. Without this, a backlog that never drained would leave its slowest deliveries out and
   * make the percentiles look better than they were.
   */
  includeUndelivered?: boolean;
};

/** `AND …` conditions on `d` (deliveries) and `ev` (events) for the scope, pushing their parameters. */
function scopeSql(scope: DeliveryScope, params: unknown[]): string {
  const param = (value: unknown) => (params.push(value), `$${params.length}`);
  let sql = "";
  if (scope.endpointIds) sql += ` AND d.endpoint_id = ANY(${param(scope.endpointIds)})`;
  if (scope.eventsFrom !== undefined) sql += ` AND ev.created_at >= ${param(new Date(scope.eventsFrom))}`;
  if (scope.eventsTo !== undefined) sql += ` AND ev.created_at < ${param(new Date(scope.eventsTo))}`;
  return sql;
}

/** Delivered deliveries of the tenant, or of some of its endpoints. */
export async function deliveredCount(probe: pg.Pool, tenantId: string, endpointIds?: readonly string[]): Promise<number> {
  const params: unknown[] = [tenantId];
  const scope = scopeSql({ endpointIds }, params);
  const { rows } = await probe.query(`SELECT count(*) AS n FROM deliveries d WHERE d.tenant_id = $1 AND d.status = 'delivered'${scope}`, params);
  return num(rows[0]?.n);
}

/** Deliveries by status, of the tenant or of some of its endpoints. */
export async function statusCounts(probe: pg.Pool, tenantId: string, endpointIds?: readonly string[]): Promise<Record<string, number>> {
  const params: unknown[] = [tenantId];
  const scope = scopeSql({ endpointIds }, params);
  const { rows } = await probe.query(`SELECT d.status, count(*) AS n FROM deliveries d WHERE d.tenant_id = $1${scope} GROUP BY d.status ORDER BY d.status`, params);
  return Object.fromEntries(rows.map((row: { status: string; n: string }) => [row.status, Number(row.n)]));
}

export async function attemptCount(probe: pg.Pool, tenantId: string): Promise<number> {
  const { rows } = await probe.query(`SELECT count(*) AS n FROM attempts WHERE tenant_id = $1`, [tenantId]);
  return num(rows[0]?.n);
}

/** First event created → last delivery delivered, as epoch milliseconds (database clock = ours). */
export async function deliverySpan(probe: pg.Pool, tenantId: string): Promise<{ firstEventAt: number; lastDeliveredAt: number }> {
  const { rows } = await probe.query(
    `SELECT (SELECT extract(epoch FROM min(created_at)) * 1000 FROM events WHERE tenant_id = $1) AS first_event,
            (SELECT extract(epoch FROM max(delivered_at)) * 1000 FROM deliveries WHERE tenant_id = $1) AS last_delivered`,
    [tenantId],
  );
  return { firstEventAt: num(rows[0]?.first_event), lastDeliveredAt: num(rows[0]?.last_delivered) };
}

/** `undelivered`: how many of `count` were not delivered (with `includeUndelivered`; else 0). */
export type EndToEndLatency = { count: number; undelivered: number; p50_ms: number; p95_ms: number; p99_ms: number; max_ms: number };

/** Seconds from event created to delivered (to now, for one not delivered), in SQL. */
const LATENCY_S = "extract(epoch FROM coalesce(d.delivered_at, now()) - ev.created_at)";

/** FROM … WHERE over the tenant's deliveries in scope, joined with their events; `params` starts with the tenant id. */
function latencySource(scope: DeliveryScope, params: unknown[]): string {
  const delivered = scope.includeUndelivered ? "" : " AND d.status = 'delivered'";
  return `FROM deliveries d
          JOIN events ev ON ev.tenant_id = d.tenant_id AND ev.id = d.event_id
         WHERE d.tenant_id = $1${delivered}${scopeSql(scope, params)}`;
}

const ms = (seconds: unknown) => num(seconds) * 1000;

/** Event created (publish accepted) → delivery recorded as delivered, over the tenant's deliveries in scope. */
export async function endToEndLatency(probe: pg.Pool, tenantId: string, scope: DeliveryScope = {}): Promise<EndToEndLatency> {
  const params: unknown[] = [tenantId];
  const { rows } = await probe.query(
    `SELECT count(*) AS n, count(*) FILTER (WHERE d.delivered_at IS NULL) AS undelivered,
            percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ${LATENCY_S}) AS p, max(${LATENCY_S}) AS max
       ${latencySource(scope, params)}`,
    params,
  );
  return latencyRow(rows[0]);
}

type LatencyRow = { n: string; undelivered: string; p: (number | null)[] | null; max: string | null };

function latencyRow(found: unknown): EndToEndLatency {
  const row = found as LatencyRow | undefined;
  return { count: num(row?.n), undelivered: num(row?.undelivered), p50_ms: ms(row?.p?.[0]), p95_ms: ms(row?.p?.[1]), p99_ms: ms(row?.p?.[2]), max_ms: ms(row?.max) };
}

/**
 * Event created → first attempt started (the worker's request, before any recording), over the
 * deliveries in scope. A delivery with no first attempt yet counts at its age and in `undelivered`.
 */
export async function firstAttemptLatency(probe: pg.Pool, tenantId: string, scope: DeliveryScope = {}): Promise<EndToEndLatency> {
  const params: unknown[] = [tenantId];
  const seconds = "extract(epoch FROM coalesce(a.started_at, now()) - ev.created_at)";
  const { rows } = await probe.query(
    `SELECT count(*) AS n, count(*) FILTER (WHERE a.id IS NULL) AS undelivered,
            percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ${seconds}) AS p, max(${seconds}) AS max
       FROM deliveries d
       JOIN events ev ON ev.tenant_id = d.tenant_id AND ev.id = d.event_id
       LEFT JOIN attempts a ON a.tenant_id = d.tenant_id AND a.delivery_id = d.id AND a.attempt_number = 1
      WHERE d.tenant_id = $1${scopeSql(scope, params)}`,
    params,
  );
  return latencyRow(rows[0]);
}

/** p99 latency per second of event creation, counted from `from` (epoch ms): when in a phase it was slow. */
export async function p99BySecond(probe: pg.Pool, tenantId: string, from: number, scope: DeliveryScope = {}): Promise<{ second: number; p99_ms: number }[]> {
  const params: unknown[] = [tenantId];
  const source = latencySource(scope, params);
  params.push(new Date(from));
  const { rows } = await probe.query(
    `SELECT floor(extract(epoch FROM ev.created_at - $${params.length}::timestamptz)) AS second,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY ${LATENCY_S}) AS p99
       ${source}
      GROUP BY 1 ORDER BY 1`,
    params,
  );
  return rows.map((row: { second: string; p99: number }) => ({ second: Number(row.second), p99_ms: ms(row.p99) }));
}

/** Each delivered delivery's event id and delivered_at (epoch ms). */
export async function deliveredTimes(probe: pg.Pool, tenantId: string): Promise<{ eventId: string; deliveredAt: number }[]> {
  const { rows } = await probe.query(
    `SELECT event_id, extract(epoch FROM delivered_at) * 1000 AS delivered_at FROM deliveries WHERE tenant_id = $1 AND status = 'delivered'`,
    [tenantId],
  );
  return rows.map((row: { event_id: string; delivered_at: string }) => ({ eventId: row.event_id, deliveredAt: Number(row.delivered_at) }));
}

/** When each attempt of one endpoint with this trigger started (epoch ms, the worker's clock, ms precision). */
export async function attemptStartTimes(probe: pg.Pool, tenantId: string, endpointId: string, trigger: string): Promise<number[]> {
  const { rows } = await probe.query(
    `SELECT extract(epoch FROM started_at) * 1000 AS at FROM attempts WHERE tenant_id = $1 AND endpoint_id = $2 AND trigger = $3::attempt_trigger`,
    [tenantId, endpointId, trigger],
  );
  return rows.map((row: { at: string }) => Number(row.at));
}
