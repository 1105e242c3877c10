// Recording finished attempts in set-based SQL: a batch of attempt rows (one INSERT) and the
// deliveries' next states (one UPDATE), inside the attempt recorder's transaction.
import { columnOf, jsonColumnOf, prepared, type Sql } from "../../db/sql";

export type AttemptRecord = {
  tenantId: string;
  id: string;
  deliveryId: string;
  endpointId: string;
  trigger: "initial" | "retry" | "replay" | "probe";
  attemptNumber: number;
  startedAt: Date;
  durationMs: number;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  errorKind: string | null;
  errorMessage: string | null;
};

export type DeliveryUpdate = {
  tenantId: string;
  id: string;
  leaseUntil: Date;
  status: "delivered" | "retrying" | "failed";
  nextAttemptAt: Date | null;
  lastAttemptAt: Date;
  lastResponseStatus: number | null;
  lastError: string | null;
  /** False for a circuit probe that did not deliver: it does not use up one of the delivery's attempts. */
  countsAttempt: boolean;
};


const INSERT_ATTEMPTS_SQL = prepared(
  `INSERT INTO attempts (tenant_id, id, delivery_id, endpoint_id, trigger, attempt_number, started_at, duration_ms,
                           request_headers, response_status, response_headers, response_body, error_kind, error_message)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::attempt_trigger[], $6::int[], $7::timestamptz[],
                          $8::int[], $9::jsonb[], $10::int[], $11::jsonb[], $12::text[], $13::attempt_error_kind[], $14::text[])`,
);

export async function insertAttempts(sql: Sql, attempts: AttemptRecord[]): Promise<void> {
  if (!attempts.length) return;
  await sql.executeSql(
    INSERT_ATTEMPTS_SQL,
    [
      columnOf(attempts, "tenantId"),
      columnOf(attempts, "id"),
      columnOf(attempts, "deliveryId"),
      columnOf(attempts, "endpointId"),
      columnOf(attempts, "trigger"),
      columnOf(attempts, "attemptNumber"),
      columnOf(attempts, "startedAt"),
      columnOf(attempts, "durationMs"),
      jsonColumnOf(attempts, "requestHeaders"),
      columnOf(attempts, "responseStatus"),
      jsonColumnOf(attempts, "responseHeaders"),
      columnOf(attempts, "responseBody"),
      columnOf(attempts, "errorKind"),
      columnOf(attempts, "errorMessage"),
    ],
  );
}

const UPDATE_DELIVERIES_SQL = prepared(
  `UPDATE deliveries d
        SET status = u.status, attempt_count = d.attempt_count + CASE WHEN u.counts THEN 1 ELSE 0 END, next_attempt_at = u.next_attempt_at,
            last_attempt_at = u.last_attempt_at, last_response_status = u.last_response_status, last_error = u.last_error,
            delivered_at = CASE WHEN u.status = 'delivered' THEN now() ELSE d.delivered_at END, updated_at = now(),
            -- a replay's attempt is over once the delivery is settled (a failed probe keeps it for the next try)
            replay_id = CASE WHEN u.status IN ('delivered', 'failed') THEN NULL ELSE d.replay_id END
       FROM unnest($1::text[], $2::text[], $3::delivery_status[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::text[], $8::timestamptz[], $9::boolean[])
            AS u(tenant_id, id, status, next_attempt_at, last_attempt_at, last_response_status, last_error, lease_until, counts)
      WHERE d.tenant_id = u.tenant_id AND d.id = u.id AND d.status = 'sending' AND d.next_attempt_at = u.lease_until
     RETURNING d.id`,
);

/**
 * Applies each delivery's next state if the claim it was attempted under still holds: a claim that
 * lapsed and was taken by another worker (or a cancel) must not be overwritten by this late result.
 */
export async function updateDeliveries(sql: Sql, updates: DeliveryUpdate[]): Promise<Set<string>> {
  if (!updates.length) return new Set();
  const { rows } = await sql.executeSql(
    UPDATE_DELIVERIES_SQL,
    [
      columnOf(updates, "tenantId"),
      columnOf(updates, "id"),
      columnOf(updates, "status"),
      columnOf(updates, "nextAttemptAt"),
      columnOf(updates, "lastAttemptAt"),
      columnOf(updates, "lastResponseStatus"),
      columnOf(updates, "lastError"),
      columnOf(updates, "leaseUntil"),
      columnOf(updates, "countsAttempt"),
    ],
  );
  return new Set((rows as { id: string }[]).map((row) => row.id));
}
