// The deliver hot path in set-based SQL: claim a batch of deliveries (one UPDATE), then record a
// batch of attempts and the deliveries' next states (one INSERT + one UPDATE) in one transaction.
import { columnOf, jsonColumnOf, prepared, type Sql } from "../../db/sql";

/** Slack so a job that pg-boss starts a hair before the row's due time is not bounced. */
const DUE_SLACK_MS = 250;
/** A claim outlives the attempt's HTTP deadline by this much; after that another worker may take it. */
export const CLAIM_MARGIN_MS = 5_000;

export type ClaimedDelivery = {
  tenantId: string;
  id: string;
  eventId: string;
  endpointId: string;
  attemptCount: number;
  /** The claim's expiry; recording the attempt requires it unchanged (another claim replaces it). */
  leaseUntil: Date;
  url: string;
  timeoutMs: number;
  customHeaders: Record<string, string>;
  eventType: string | null; // null when the event's partition has already been dropped
  payload: unknown;
  eventCreatedAt: Date | null;
  secrets: string[];
};

// Each step is MATERIALIZED so the plan stays "primary-key lookups for the batch, then joins" even
// before the tables have statistics (a fresh database once chose a scan per endpoint here). Rows are
// locked in key order (no SKIP LOCKED: a skipped row would be neither claimed nor reported busy).
const CLAIM_SQL = prepared(
  `WITH input AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::text[]) AS i(tenant_id, id)),
     target AS MATERIALIZED (
       SELECT d.tenant_id, d.id, d.endpoint_id, d.status,
              COALESCE(d.next_attempt_at <= now() + $3 * interval '1 millisecond', true) AS due
         FROM input i JOIN deliveries d ON d.tenant_id = i.tenant_id AND d.id = i.id
        WHERE d.status IN ('pending', 'retrying', 'sending')
        ORDER BY d.tenant_id, d.id
          FOR UPDATE OF d),
     gated AS MATERIALIZED (
       SELECT t.*, e.enabled, e.timeout_ms FROM target t JOIN endpoints e ON e.tenant_id = t.tenant_id AND e.id = t.endpoint_id),
     claimed AS (
       UPDATE deliveries d
          SET status = CASE WHEN g.enabled THEN 'sending' ELSE 'held' END::delivery_status,
              next_attempt_at = CASE WHEN g.enabled THEN now() + (g.timeout_ms + $4) * interval '1 millisecond' END,
              updated_at = now()
         FROM gated g
        WHERE d.tenant_id = g.tenant_id AND d.id = g.id AND g.due
       RETURNING d.tenant_id, d.id, d.event_id, d.endpoint_id, d.attempt_count, d.status, d.next_attempt_at)
     SELECT c.tenant_id AS "tenantId", c.id, c.event_id AS "eventId", c.endpoint_id AS "endpointId",
            c.attempt_count AS "attemptCount", c.next_attempt_at AS "leaseUntil", e.url, e.timeout_ms AS "timeoutMs", e.headers AS "customHeaders",
            ev.type AS "eventType", ev.payload, ev.created_at AS "eventCreatedAt",
            ARRAY(SELECT s.secret FROM endpoint_secrets s
                   WHERE s.tenant_id = c.tenant_id AND s.endpoint_id = c.endpoint_id AND (s.expires_at IS NULL OR s.expires_at > now())
                   ORDER BY s.created_at DESC, s.id DESC) AS secrets,
            false AS busy
       FROM claimed c
       JOIN endpoints e ON e.tenant_id = c.tenant_id AND e.id = c.endpoint_id
       LEFT JOIN events ev ON ev.tenant_id = c.tenant_id AND ev.id = c.event_id
      WHERE c.status = 'sending'
     UNION ALL
     SELECT t.tenant_id, t.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true
       FROM target t WHERE t.status = 'sending' AND NOT t.due`,
);

export type ClaimResult = { claimed: ClaimedDelivery[]; busy: Set<string> };

/**
 * Marks due deliveries `sending` with a claim that expires after the endpoint's timeout plus a margin;
 * deliveries of a disabled endpoint become `held` instead. `busy` lists deliveries another worker
 * holds a live claim on (their job should come back later, in case that worker dies).
 */
export async function claimDeliveries(sql: Sql, keys: { tenantId: string; deliveryId: string }[]): Promise<ClaimResult> {
  const { rows } = await sql.executeSql(
    CLAIM_SQL,
    [keys.map((k) => k.tenantId), keys.map((k) => k.deliveryId), DUE_SLACK_MS, CLAIM_MARGIN_MS],
  );
  const claimed: ClaimedDelivery[] = [];
  const busy = new Set<string>();
  for (const row of rows as (ClaimedDelivery & { busy: boolean })[]) {
    if (row.busy) busy.add(row.id);
    else claimed.push(row);
  }
  return { claimed, busy };
}

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
        SET status = u.status, attempt_count = d.attempt_count + 1, next_attempt_at = u.next_attempt_at,
            last_attempt_at = u.last_attempt_at, last_response_status = u.last_response_status, last_error = u.last_error,
            delivered_at = CASE WHEN u.status = 'delivered' THEN now() ELSE d.delivered_at END, updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::delivery_status[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::text[], $8::timestamptz[])
            AS u(tenant_id, id, status, next_attempt_at, last_attempt_at, last_response_status, last_error, lease_until)
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
    ],
  );
  return new Set((rows as { id: string }[]).map((row) => row.id));
}

/** 410 Gone: the endpoint is disabled with its reason; its other deliveries get held when due. */
export async function disableEndpoints(sql: Sql, endpoints: { tenantId: string; endpointId: string }[], reason: "gone"): Promise<void> {
  if (!endpoints.length) return;
  await sql.executeSql(
    `UPDATE endpoints e SET enabled = false, disabled_reason = $3::endpoint_disabled_reason, disabled_at = now(), updated_at = now()
       FROM unnest($1::text[], $2::text[]) AS x(tenant_id, id)
      WHERE e.tenant_id = x.tenant_id AND e.id = x.id AND e.enabled`,
    [columnOf(endpoints, "tenantId"), columnOf(endpoints, "endpointId"), reason],
  );
}
