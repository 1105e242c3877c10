// Claiming a batch of deliveries for sending, in three set-based statements inside the caller's
// transaction: lock the deliveries and their endpoints (with each endpoint's gate state), apply the
// gate decisions, save the endpoints' new gate state.
import { columnOf, prepared, type Sql } from "../../db/sql";

/** Slack so a job that pg-boss starts a hair before the row's due time is not bounced. */
export const DUE_SLACK_MS = 250;
/** A claim outlives the attempt's HTTP deadline by this much; after that another worker may take it. */
export const CLAIM_MARGIN_MS = 5_000;

export type ClaimTarget = {
  tenantId: string;
  id: string;
  endpointId: string;
  status: "pending" | "retrying" | "sending";
  /** Due now (or a lapsed claim); false for a live claim another worker holds, or a job that came early. */
  due: boolean;
  /** Set when the delivery (settled) is sent again for a replay. */
  replay?: { replayId: string };
};

export type EndpointGateRow = {
  tenantId: string;
  endpointId: string;
  enabled: boolean;
  timeoutMs: number;
  maxConcurrency: number;
  concurrencyLimit: number | null;
  rateLimitPerSecond: number | null;
  circuitState: "closed" | "open" | "half_open";
  circuitOpenedAt: Date | null;
  circuitCooldownMs: number | null;
  circuitProbeAt: Date | null;
  rateTat: Date | null;
  rampStartedAt: Date | null;
  rampRate: number | null;
};

// A statement of its own, after the endpoint locks are held: its snapshot then includes every claim
// committed by a worker that held the lock before us (a count inside the locking statement would use
// the snapshot from before the wait). pg-boss's group limit alone is not enough: two workers
// fetching at the same moment both see the same active count.
const IN_FLIGHT_SQL = prepared(
  `SELECT x.tenant_id AS "tenantId", x.id AS "endpointId",
          (SELECT count(*)::int FROM deliveries d
            WHERE d.tenant_id = x.tenant_id AND d.endpoint_id = x.id AND d.status = 'sending' AND d.next_attempt_at > now()) AS "inFlight"
     FROM unnest($1::text[], $2::text[]) AS x(tenant_id, id)`,
);

// MATERIALIZED keeps the plan "primary-key lookups for the batch" even before the tables have
// statistics. Deliveries are locked in key order, then their endpoints in key order (the attempt
// recorder locks in the same order, so the two cannot deadlock). Endpoints are locked FOR NO KEY
// UPDATE: it excludes other gate decisions but not the KEY SHARE locks that inserting a delivery (its
// foreign key) takes, so fan-out never deadlocks against a claim.
const LOCK_TARGETS_SQL = prepared(
  `WITH input AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::text[]) AS i(tenant_id, id)),
     target AS MATERIALIZED (
       SELECT d.tenant_id, d.id, d.endpoint_id, d.status,
              CASE WHEN d.status = 'sending' THEN d.next_attempt_at <= now()
                   ELSE COALESCE(d.next_attempt_at <= now() + $3 * interval '1 millisecond', true) END AS due
         FROM input i JOIN deliveries d ON d.tenant_id = i.tenant_id AND d.id = i.id
        WHERE d.status IN ('pending', 'retrying', 'sending')
        ORDER BY d.tenant_id, d.id
          FOR UPDATE OF d)
   SELECT tenant_id AS "tenantId", id, endpoint_id AS "endpointId", status, due FROM target`,
);

const LOCK_GATES_SQL = prepared(
  `SELECT e.tenant_id AS "tenantId", e.id AS "endpointId", e.enabled, e.timeout_ms AS "timeoutMs",
          e.max_concurrency AS "maxConcurrency", e.concurrency_limit AS "concurrencyLimit",
          e.rate_limit_per_second AS "rateLimitPerSecond", e.circuit_state AS "circuitState",
          e.circuit_opened_at AS "circuitOpenedAt", e.circuit_cooldown_ms AS "circuitCooldownMs",
          e.circuit_probe_at AS "circuitProbeAt", e.rate_tat AS "rateTat",
          e.ramp_started_at AS "rampStartedAt", e.ramp_rate AS "rampRate",
          (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS "nowMs"
     FROM unnest($1::text[], $2::text[]) AS x(tenant_id, id)
     JOIN endpoints e ON e.tenant_id = x.tenant_id AND e.id = x.id
    ORDER BY e.tenant_id, e.id
      FOR NO KEY UPDATE OF e`,
);

/** Locks the deliveries behind a batch of jobs (key order); rows not waiting to be sent are left out. */
export async function lockDeliveryTargets(tx: Sql, keys: { tenantId: string; deliveryId: string }[]): Promise<ClaimTarget[]> {
  if (!keys.length) return [];
  const locked = await tx.executeSql(LOCK_TARGETS_SQL, [keys.map((k) => k.tenantId), keys.map((k) => k.deliveryId), DUE_SLACK_MS]);
  return locked.rows as ClaimTarget[];
}

/**
 * Locks the endpoints of the claim's targets (after their deliveries) and counts what each has in
 * flight; returns them with the database's clock (the gates compare with times the database also
 * compares with: leases, startAfter).
 */
export async function lockClaimGates(tx: Sql, targets: ClaimTarget[]): Promise<{ gates: (EndpointGateRow & { inFlight: number })[]; nowMs: number }> {
  const endpoints = [...new Map(targets.map((t) => [`${t.tenantId}/${t.endpointId}`, t])).values()];
  const { gates, nowMs } = await lockEndpointGates(tx, endpoints);
  if (!gates.length) return { gates: [], nowMs };
  const { rows } = await tx.executeSql(IN_FLIGHT_SQL, [columnOf(gates, "tenantId"), columnOf(gates, "endpointId")]);
  const inFlight = new Map((rows as { tenantId: string; endpointId: string; inFlight: number }[]).map((r) => [`${r.tenantId}/${r.endpointId}`, r.inFlight]));
  return { gates: gates.map((g) => ({ ...g, inFlight: inFlight.get(`${g.tenantId}/${g.endpointId}`) ?? 0 })), nowMs };
}

/** Locks endpoints (key order) and returns their gate state and the database's clock. */
export async function lockEndpointGates(tx: Sql, endpoints: { tenantId: string; endpointId: string }[]): Promise<{ gates: EndpointGateRow[]; nowMs: number }> {
  if (!endpoints.length) return { gates: [], nowMs: 0 };
  const { rows } = await tx.executeSql(LOCK_GATES_SQL, [columnOf(endpoints, "tenantId"), columnOf(endpoints, "endpointId")]);
  const gates = rows as (EndpointGateRow & { nowMs: number })[];
  return { gates, nowMs: Number(gates[0]?.nowMs ?? 0) };
}

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
  /** The replay this attempt is for (its item and counts are updated when it is recorded). */
  replayId: string | null;
};

/** send: claim with a lease of `leaseMs` (for a replay: `replayId`); hold: park as `held`; defer: leave due at `atMs`. */
export type ClaimAction =
  | { tenantId: string; id: string; action: "send"; leaseMs: number; replayId?: string }
  | { tenantId: string; id: string; action: "hold" }
  | { tenantId: string; id: string; action: "defer"; at: Date };

const APPLY_SQL = prepared(
  `WITH decided AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::text[]) AS x(tenant_id, id, action, lease_ms, defer_at, replay_id)),
     changed AS (
       UPDATE deliveries d
          SET status = CASE x.action WHEN 'send' THEN 'sending' WHEN 'hold' THEN 'held'
                            -- deferring a lapsed claim puts the delivery back in line, not in flight; a lapsed
                            -- replay stays claimed until then (its deferred job takes the lapsed claim again)
                            ELSE CASE WHEN d.status <> 'sending' OR d.replay_id IS NOT NULL THEN d.status
                                      WHEN d.attempt_count = 0 THEN 'pending' ELSE 'retrying' END
                       END::delivery_status,
              next_attempt_at = CASE x.action WHEN 'send' THEN now() + x.lease_ms * interval '1 millisecond' WHEN 'hold' THEN NULL ELSE x.defer_at END,
              replay_id = COALESCE(x.replay_id, d.replay_id),
              updated_at = now()
         FROM decided x
        WHERE d.tenant_id = x.tenant_id AND d.id = x.id
       RETURNING d.tenant_id, d.id, d.event_id, d.endpoint_id, d.attempt_count, x.action, d.next_attempt_at, d.replay_id)
   SELECT c.tenant_id AS "tenantId", c.id, c.event_id AS "eventId", c.endpoint_id AS "endpointId",
          c.attempt_count AS "attemptCount", c.next_attempt_at AS "leaseUntil", c.replay_id AS "replayId", e.url, e.timeout_ms AS "timeoutMs", e.headers AS "customHeaders",
          ev.type AS "eventType", ev.payload, ev.created_at AS "eventCreatedAt",
          ARRAY(SELECT s.secret FROM endpoint_secrets s
                 WHERE s.tenant_id = c.tenant_id AND s.endpoint_id = c.endpoint_id AND (s.expires_at IS NULL OR s.expires_at > now())
                 ORDER BY s.created_at DESC, s.id DESC) AS secrets
     FROM changed c
     JOIN endpoints e ON e.tenant_id = c.tenant_id AND e.id = c.endpoint_id
     LEFT JOIN events ev ON ev.tenant_id = c.tenant_id AND ev.id = c.event_id
    WHERE c.action = 'send'`,
);

/** Applies the gate decisions; returns the deliveries now claimed for sending, with what to send. */
export async function applyClaimActions(tx: Sql, actions: ClaimAction[]): Promise<ClaimedDelivery[]> {
  if (!actions.length) return [];
  const { rows } = await tx.executeSql(APPLY_SQL, [
    columnOf(actions, "tenantId"),
    columnOf(actions, "id"),
    columnOf(actions, "action"),
    actions.map((a) => (a.action === "send" ? a.leaseMs : null)),
    actions.map((a) => (a.action === "defer" ? a.at : null)),
    actions.map((a) => (a.action === "send" ? (a.replayId ?? null) : null)),
  ]);
  return rows as ClaimedDelivery[];
}

export type GateStateUpdate = {
  tenantId: string;
  endpointId: string;
  circuitState: "closed" | "open" | "half_open";
  circuitProbeAt: Date | null;
  rateTat: Date | null;
};

/** Saves what the gates took: a probe (circuit half-open) and rate slots (GCRA arrival time). */
export async function saveGateStates(tx: Sql, updates: GateStateUpdate[]): Promise<void> {
  if (!updates.length) return;
  await tx.executeSql(
    `UPDATE endpoints e SET circuit_state = x.circuit_state, circuit_probe_at = x.probe_at, rate_tat = x.tat
       FROM unnest($1::text[], $2::text[], $3::circuit_state[], $4::timestamptz[], $5::timestamptz[]) AS x(tenant_id, id, circuit_state, probe_at, tat)
      WHERE e.tenant_id = x.tenant_id AND e.id = x.id`,
    [
      columnOf(updates, "tenantId"),
      columnOf(updates, "endpointId"),
      columnOf(updates, "circuitState"),
      columnOf(updates, "circuitProbeAt"),
      columnOf(updates, "rateTat"),
    ],
  );
}
