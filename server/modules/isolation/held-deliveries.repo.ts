// Held deliveries (circuit open or endpoint disabled) coming back: one woken as a circuit's probe, or
// a chunk released to their pacing slots once the endpoint may be sent to again.
import { columnOf, type Sql } from "../../db/sql";
import { BOSS_SCHEMA } from "../../jobs/boss";

export type HeldDelivery = { tenantId: string; id: string; endpointId: string; attemptCount: number };

/** The oldest held deliveries of an endpoint; rows another transaction is releasing are skipped. */
export async function lockHeldDeliveries(tx: Sql, tenantId: string, endpointId: string, limit: number): Promise<HeldDelivery[]> {
  const { rows } = await tx.executeSql(
    `SELECT tenant_id AS "tenantId", id, endpoint_id AS "endpointId", attempt_count AS "attemptCount"
       FROM deliveries WHERE tenant_id = $1 AND endpoint_id = $2 AND status = 'held'
      ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [tenantId, endpointId, limit],
  );
  return rows as HeldDelivery[];
}

/** Back in line: pending (never tried) or retrying, due at their slot. */
export async function unholdDeliveries(tx: Sql, tenantId: string, released: { id: string; at: Date }[]): Promise<void> {
  if (!released.length) return;
  await tx.executeSql(
    `UPDATE deliveries d
        SET status = CASE WHEN d.attempt_count = 0 THEN 'pending' ELSE 'retrying' END::delivery_status, next_attempt_at = x.at, updated_at = now()
       FROM unnest($2::text[], $3::timestamptz[]) AS x(id, at)
      WHERE d.tenant_id = $1 AND d.id = x.id AND d.status = 'held'`,
    [tenantId, columnOf(released, "id"), columnOf(released, "at")],
  );
}

/**
 * When a circuit opens, its endpoint's queued deliveries are held at once rather than one claim at a
 * time: their jobs then settle without touching the endpoint's lock. The caller holds the endpoint
 * lock, so rows a claim has locked (it waits for that endpoint lock) are skipped, not waited for: the
 * claim sees the open circuit and holds them itself.
 */
export async function holdQueuedDeliveries(tx: Sql, endpoints: { tenantId: string; endpointId: string }[]): Promise<string[]> {
  if (!endpoints.length) return [];
  const { rows } = await tx.executeSql(
    `WITH queued AS (
       SELECT d.tenant_id, d.id FROM unnest($1::text[], $2::text[]) AS x(tenant_id, endpoint_id)
         JOIN deliveries d ON d.tenant_id = x.tenant_id AND d.endpoint_id = x.endpoint_id AND d.status IN ('pending', 'retrying')
          FOR UPDATE OF d SKIP LOCKED)
     UPDATE deliveries d SET status = 'held', next_attempt_at = NULL, updated_at = now()
       FROM queued q WHERE d.tenant_id = q.tenant_id AND d.id = q.id
     RETURNING d.id`,
    [columnOf(endpoints, "tenantId"), columnOf(endpoints, "endpointId")],
  );
  return (rows as { id: string }[]).map((row) => row.id);
}

/** Queued (not yet running) jobs of a queue for these deliveries (the singleton key is the delivery id). */
export async function queuedJobIds(tx: Sql, queue: string, deliveryIds: string[]): Promise<string[]> {
  if (!deliveryIds.length) return [];
  const { rows } = await tx.executeSql(
    `SELECT id FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND singleton_key = ANY($2::text[]) AND state < 'active'`,
    [queue, deliveryIds],
  );
  return (rows as { id: string }[]).map((row) => row.id);
}
