// Fan-out in SQL: which endpoints an event goes to, and the delivery rows for them. Set-based over a
// batch of events; a bounded chunk of endpoints per event per transaction.
import type { Sql } from "../../db/sql";
import { effectiveConcurrencySql } from "../isolation/endpoint-runtime.repo";

export type FanOutInput = { tenantId: string; eventId: string; patterns: string[]; afterEndpointId: string };
export type MatchedEndpoint = {
  tenantId: string;
  eventId: string;
  afterEndpointId: string;
  endpointId: string;
  enabled: boolean;
  /** What the endpoint may have in flight now (AIMD-lowered or its max_concurrency): the job's tier. */
  concurrency: number;
  /** A rate limit or recovery ramp applies: its deliveries are booked to their slots at once. */
  paced: boolean;
};
export type NewDelivery = { tenantId: string; id: string; eventId: string; endpointId: string; held: boolean };
export type CreatedDelivery = { tenantId: string; id: string; endpointId: string; status: "pending" | "held" };

/** Up to `chunk` endpoints per event, in id order after the event's cursor. */
export async function matchEndpoints(sql: Sql, events: FanOutInput[], chunk: number): Promise<MatchedEndpoint[]> {
  const { rows } = await sql.executeSql(
    `SELECT i.tenant_id AS "tenantId", i.event_id AS "eventId", i.after_id AS "afterEndpointId", e.id AS "endpointId", e.enabled,
            ${effectiveConcurrencySql("e")} AS concurrency,
            (e.rate_limit_per_second IS NOT NULL OR e.ramp_started_at IS NOT NULL) AS paced
       FROM jsonb_to_recordset($1::jsonb) AS i(tenant_id text, event_id text, patterns text[], after_id text)
       CROSS JOIN LATERAL (
         SELECT id, enabled, max_concurrency, concurrency_limit, rate_limit_per_second, ramp_started_at FROM endpoints e
          WHERE e.tenant_id = i.tenant_id AND e.event_types && i.patterns AND e.id > i.after_id
          ORDER BY e.id LIMIT $2) e`,
    [JSON.stringify(events.map((e) => ({ tenant_id: e.tenantId, event_id: e.eventId, patterns: e.patterns, after_id: e.afterEndpointId }))), chunk],
  );
  return rows as MatchedEndpoint[];
}

/** Inserts deliveries; an (event, endpoint) pair that already has one is skipped, so re-runs are safe. */
export async function insertDeliveries(sql: Sql, deliveries: NewDelivery[]): Promise<CreatedDelivery[]> {
  if (!deliveries.length) return [];
  const { rows } = await sql.executeSql(
    `INSERT INTO deliveries (tenant_id, id, event_id, endpoint_id, status, next_attempt_at)
     SELECT t, i, ev, ep, CASE WHEN h THEN 'held' ELSE 'pending' END::delivery_status, CASE WHEN h THEN NULL ELSE now() END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[]) AS x(t, i, ev, ep, h)
     ON CONFLICT (tenant_id, event_id, endpoint_id) DO NOTHING
     RETURNING tenant_id AS "tenantId", id, endpoint_id AS "endpointId", status`,
    [
      deliveries.map((d) => d.tenantId),
      deliveries.map((d) => d.id),
      deliveries.map((d) => d.eventId),
      deliveries.map((d) => d.endpointId),
      deliveries.map((d) => d.held),
    ],
  );
  return rows as CreatedDelivery[];
}

/** Sets when deliveries are due (their booked pacing slots), across tenants. */
export async function scheduleDeliveries(sql: Sql, scheduled: { tenantId: string; id: string; at: Date }[]): Promise<void> {
  if (!scheduled.length) return;
  await sql.executeSql(
    `UPDATE deliveries d SET next_attempt_at = x.at
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS x(tenant_id, id, at)
      WHERE d.tenant_id = x.tenant_id AND d.id = x.id`,
    [scheduled.map((d) => d.tenantId), scheduled.map((d) => d.id), scheduled.map((d) => d.at)],
  );
}
