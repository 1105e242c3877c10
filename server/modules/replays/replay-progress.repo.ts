// A replay's items move through waiting → scheduled → sending → delivered | failed (or skipped,
// cancelled), and its counters move with them in the same statement, so progress is exact: each
// item counts once, whatever retries, lapsed claims or duplicate jobs happen underneath. The claim and
// the attempt recorder call these inside their transactions. Lock order everywhere: items, then the
// replay row (the replay tick locks the replay row first but skips locked items).
import { columnOf, prepared, type Sql } from "../../db/sql";
import type { ReplayItemState } from "../../delivery/replay-plan";

export type ReplayItemMove = {
  tenantId: string;
  replayId: string;
  deliveryId: string;
  to: "sending" | "skipped" | "waiting" | "cancelled" | "delivered" | "failed";
};

const ADVANCE_SQL = prepared(
  `WITH moved AS (
       UPDATE replay_items ri
          SET state = x.to_state::replay_item_state,
              scheduled_at = CASE WHEN x.to_state = 'waiting' THEN NULL ELSE ri.scheduled_at END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(tenant_id, replay_id, delivery_id, to_state)
        WHERE ri.tenant_id = x.tenant_id AND ri.replay_id = x.replay_id AND ri.delivery_id = x.delivery_id
          AND ri.state = CASE WHEN x.to_state IN ('delivered', 'failed') THEN 'sending' ELSE 'scheduled' END::replay_item_state
       RETURNING ri.tenant_id, ri.replay_id, x.to_state),
     counted AS (
       SELECT tenant_id, replay_id,
              count(*) FILTER (WHERE to_state = 'sending')::int AS sent,
              count(*) FILTER (WHERE to_state = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE to_state = 'failed')::int AS failed,
              count(*) FILTER (WHERE to_state = 'skipped')::int AS skipped
         FROM moved GROUP BY tenant_id, replay_id)
   UPDATE replays r
      SET sent = r.sent + c.sent, delivered = r.delivered + c.delivered, failed = r.failed + c.failed, skipped = r.skipped + c.skipped,
          state = CASE WHEN r.state = 'running' AND r.delivered + c.delivered + r.failed + c.failed + r.skipped + c.skipped >= r.total
                       THEN 'completed' ELSE r.state END::replay_state,
          finished_at = CASE WHEN r.state = 'running' AND r.delivered + c.delivered + r.failed + c.failed + r.skipped + c.skipped >= r.total
                             THEN now() ELSE r.finished_at END,
          updated_at = now()
     FROM counted c
    WHERE r.tenant_id = c.tenant_id AND r.id = c.replay_id`,
);

/**
 * Applies item moves whose item is still where the move starts from; others are no-ops. The replay
 * rows are locked in key order first, so two transactions moving items of the same replays cannot
 * take them in opposite orders.
 */
export async function advanceReplayItems(tx: Sql, moves: ReplayItemMove[]): Promise<void> {
  if (!moves.length) return;
  const sorted = [...moves].sort((a, b) => compareKeys(a, b));
  await lockReplays(tx, sorted);
  await tx.executeSql(ADVANCE_SQL, [columnOf(sorted, "tenantId"), columnOf(sorted, "replayId"), columnOf(sorted, "deliveryId"), columnOf(sorted, "to")]);
}

function compareKeys(a: ReplayItemMove, b: ReplayItemMove): number {
  return a.tenantId.localeCompare(b.tenantId) || a.deliveryId.localeCompare(b.deliveryId) || a.replayId.localeCompare(b.replayId);
}

/** A replay's deliver job as the claim sees it: item, replay and delivery, rows locked. */
export type ReplayTarget = {
  tenantId: string;
  id: string;
  replayId: string;
  endpointId: string;
  itemState: ReplayItemState;
  replayState: string;
  deliveryStatus: string;
  /** A delivery in `sending` whose claim has lapsed (its worker died): it may be claimed again. */
  lapsed: boolean;
};

// Deliveries and items in key order, like the ordinary claim (LOCK_TARGETS_SQL), so the two cannot
// deadlock on the deliveries they share.
const LOCK_REPLAY_TARGETS_SQL = prepared(
  `WITH input AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS i(tenant_id, delivery_id, replay_id))
   SELECT d.tenant_id AS "tenantId", d.id, ri.replay_id AS "replayId", d.endpoint_id AS "endpointId", ri.state::text AS "itemState",
          r.state::text AS "replayState", d.status::text AS "deliveryStatus",
          (d.status = 'sending' AND d.next_attempt_at <= now()) AS lapsed
     FROM input i
     JOIN deliveries d ON d.tenant_id = i.tenant_id AND d.id = i.delivery_id
     JOIN replay_items ri ON ri.tenant_id = i.tenant_id AND ri.replay_id = i.replay_id AND ri.delivery_id = i.delivery_id
     JOIN replays r ON r.tenant_id = ri.tenant_id AND r.id = ri.replay_id
    ORDER BY d.tenant_id, d.id
      FOR UPDATE OF d, ri`,
);

export async function lockReplayTargets(tx: Sql, keys: { tenantId: string; deliveryId: string; replayId: string }[]): Promise<ReplayTarget[]> {
  if (!keys.length) return [];
  const { rows } = await tx.executeSql(LOCK_REPLAY_TARGETS_SQL, [columnOf(keys, "tenantId"), columnOf(keys, "deliveryId"), columnOf(keys, "replayId")]);
  return rows as ReplayTarget[];
}

export type ReplayPacing = { tenantId: string; replayId: string; state: string; ratePerSecond: number; rateTatMs: number | null };

const LOCK_REPLAYS_SQL = prepared(
  `SELECT r.tenant_id AS "tenantId", r.id AS "replayId", r.state::text AS state, r.rate_per_second AS "ratePerSecond",
          (extract(epoch FROM r.rate_tat) * 1000)::float8 AS "rateTatMs"
     FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[]) AS x(tenant_id, id)) x
     JOIN replays r ON r.tenant_id = x.tenant_id AND r.id = x.id
    ORDER BY r.tenant_id, r.id
      FOR NO KEY UPDATE OF r`,
);

async function lockReplays(tx: Sql, keys: { tenantId: string; replayId: string }[]): Promise<ReplayPacing[]> {
  const { rows } = await tx.executeSql(LOCK_REPLAYS_SQL, [columnOf(keys, "tenantId"), columnOf(keys, "replayId")]);
  return (rows as ReplayPacing[]).map((r) => ({ ...r, rateTatMs: r.rateTatMs === null ? null : Number(r.rateTatMs) }));
}

/**
 * The replays' state and GCRA state, rows locked in key order (the claim passes every replay its
 * batch touches, so it takes them all here, after its endpoints: the recorder's order too), and the
 * database's clock read after the locks were granted: a time read before a wait would let claims that
 * queued behind the lock all pass GCRA together once it is released.
 */
export async function lockReplayPacing(tx: Sql, keys: { tenantId: string; replayId: string }[]): Promise<{ replays: ReplayPacing[]; nowMs: number }> {
  if (!keys.length) return { replays: [], nowMs: 0 };
  const replays = await lockReplays(tx, keys);
  const { rows } = await tx.executeSql(`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS "nowMs"`);
  return { replays, nowMs: Number((rows[0] as { nowMs: number }).nowMs) };
}

export async function saveReplayPacing(tx: Sql, updates: { tenantId: string; replayId: string; rateTatMs: number | null }[]): Promise<void> {
  if (!updates.length) return;
  await tx.executeSql(
    `UPDATE replays r SET rate_tat = x.tat FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS x(tenant_id, id, tat)
      WHERE r.tenant_id = x.tenant_id AND r.id = x.id`,
    [columnOf(updates, "tenantId"), columnOf(updates, "replayId"), updates.map((u) => (u.rateTatMs === null ? null : new Date(u.rateTatMs)))],
  );
}
