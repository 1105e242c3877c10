// The publish transaction in set-based SQL for a whole group of events: count matching endpoints,
// claim Idempotency-Keys, insert the events. Runs on the transaction pg-boss joins for the jobs.
import { columnOf, type Sql } from "../../db/sql";

export type EventToCommit = {
  tenantId: string;
  id: string;
  type: string;
  payload: string; // JSON text of `data`
  idempotencyKey: string | null;
  requestHash: string;
  createdAt: Date;
  /** The filter values that match this type (exact, every `prefix.*`, `*`). */
  patterns: string[];
};


/** How many endpoints each event matches, in input order. */
export async function countMatchingEndpoints(sql: Sql, events: EventToCommit[]): Promise<number[]> {
  const { rows } = await sql.executeSql(
    `SELECT (SELECT count(*) FROM endpoints e WHERE e.tenant_id = i.tenant_id AND e.event_types && i.patterns)::int AS matched
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (tenant_id text, patterns text[])) WITH ORDINALITY AS i(tenant_id, patterns, n)
      ORDER BY n`,
    [JSON.stringify(events.map((e) => ({ tenant_id: e.tenantId, patterns: e.patterns })))],
  );
  return (rows as { matched: number }[]).map((r) => r.matched);
}

/**
 * Stores the response under each Idempotency-Key; returns the events that won their key. A key held
 * by another request (live, not expired) is left alone, and that event is not inserted.
 */
export async function claimIdempotencyKeys(sql: Sql, events: (EventToCommit & { idempotencyKey: string })[], responses: string[], expiresAt: Date): Promise<Set<string>> {
  if (!events.length) return new Set();
  const { rows } = await sql.executeSql(
    `INSERT INTO idempotency_keys (tenant_id, key, request_hash, event_id, response, expires_at)
     SELECT t, k, h, e, r::jsonb, $6::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(t, k, h, e, r)
     ON CONFLICT (tenant_id, key) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, event_id = EXCLUDED.event_id, response = EXCLUDED.response,
            expires_at = EXCLUDED.expires_at, created_at = now()
      WHERE idempotency_keys.expires_at <= now()
     RETURNING event_id AS "eventId"`,
    [columnOf(events, "tenantId"), columnOf(events, "idempotencyKey"), columnOf(events, "requestHash"), columnOf(events, "id"), responses, expiresAt.toISOString()],
  );
  return new Set((rows as { eventId: string }[]).map((r) => r.eventId));
}

/** The stored columns (test events, which have no Idempotency-Key or fan-out, pass only these). */
export type EventRowToInsert = Pick<EventToCommit, "tenantId" | "id" | "type" | "payload" | "idempotencyKey" | "createdAt">;

export async function insertEvents(sql: Sql, events: EventRowToInsert[]): Promise<void> {
  await sql.executeSql(
    `INSERT INTO events (tenant_id, id, type, payload, idempotency_key, created_at)
     SELECT t, i, ty, p::jsonb, k, c FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS x(t, i, ty, p, k, c)`,
    [
      columnOf(events, "tenantId"),
      columnOf(events, "id"),
      columnOf(events, "type"),
      columnOf(events, "payload"),
      columnOf(events, "idempotencyKey"),
      events.map((e) => e.createdAt.toISOString()),
    ],
  );
}
