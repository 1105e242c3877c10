// Read-only queries the scenarios measure with, always scoped to one scenario's tenant.
import type pg from "pg";

const num = (value: unknown): number => (value === null || value === undefined ? Number.NaN : Number(value));

export async function deliveredCount(probe: pg.Pool, tenantId: string): Promise<number> {
  const { rows } = await probe.query(`SELECT count(*) AS n FROM deliveries WHERE tenant_id = $1 AND status = 'delivered'`, [tenantId]);
  return num(rows[0]?.n);
}

export async function statusCounts(probe: pg.Pool, tenantId: string): Promise<Record<string, number>> {
  const { rows } = await probe.query(`SELECT status, count(*) AS n FROM deliveries WHERE tenant_id = $1 GROUP BY status ORDER BY status`, [tenantId]);
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

export type EndToEndLatency = { count: number; p50_ms: number; p95_ms: number; p99_ms: number; max_ms: number };

/** Event created (publish accepted) → delivery recorded as delivered, over the tenant's deliveries. */
export async function endToEndLatency(probe: pg.Pool, tenantId: string): Promise<EndToEndLatency> {
  const { rows } = await probe.query(
    `SELECT count(*) AS n,
            percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - ev.created_at)) AS p,
            max(extract(epoch FROM d.delivered_at - ev.created_at)) AS max
       FROM deliveries d
       JOIN events ev ON ev.tenant_id = d.tenant_id AND ev.id = d.event_id
      WHERE d.tenant_id = $1 AND d.status = 'delivered'`,
    [tenantId],
  );
  const row = rows[0] as { n: string; p: (number | null)[] | null; max: string | null } | undefined;
  const ms = (seconds: unknown) => num(seconds) * 1000;
  return { count: num(row?.n), p50_ms: ms(row?.p?.[0]), p95_ms: ms(row?.p?.[1]), p99_ms: ms(row?.p?.[2]), max_ms: ms(row?.max) };
}

/** Each delivered delivery's event id and delivered_at (epoch ms). */
export async function deliveredTimes(probe: pg.Pool, tenantId: string): Promise<{ eventId: string; deliveredAt: number }[]> {
  const { rows } = await probe.query(
    `SELECT event_id, extract(epoch FROM delivered_at) * 1000 AS delivered_at FROM deliveries WHERE tenant_id = $1 AND status = 'delivered'`,
    [tenantId],
  );
  return rows.map((row: { event_id: string; delivered_at: string }) => ({ eventId: row.event_id, deliveredAt: Number(row.delivered_at) }));
}
