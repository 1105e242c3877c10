// A claim's replay jobs: sorted (their delivery, replay item and replay locked together) into targets
// for the endpoint gates and replay item moves, then paced on each replay's own rate (GCRA on the
// replay row). server/delivery/replay-plan.ts decides each.
import type { JobInsert } from "pg-boss";
import type { Sql } from "../server/db/sql";
import { effectiveConcurrency } from "../server/delivery/adaptive-concurrency";
import { decideReplayClaim, paceReplay, replayPaceTolerance } from "../server/delivery/replay-plan";
import { type DeliverJob, deliverJob } from "../server/jobs/queues";
import type { ClaimTarget, EndpointGateRow } from "../server/modules/deliveries/delivery-claim.repo";
import { lockReplayPacing, type ReplayItemMove, type ReplayPacing, type ReplayTarget } from "../server/modules/replays/replay-progress.repo";

export function sortReplayJobs(rows: ReplayTarget[]): { targets: ClaimTarget[]; moves: ReplayItemMove[] } {
  const targets: ClaimTarget[] = [];
  const moves: ReplayItemMove[] = [];
  for (const row of rows) {
    const base = { tenantId: row.tenantId, id: row.id, endpointId: row.endpointId };
    const item = { tenantId: row.tenantId, replayId: row.replayId, deliveryId: row.id };
    switch (decideReplayClaim(row)) {
      case "attempt":
        targets.push({ ...base, status: "sending", due: true, replay: { replayId: row.replayId } });
        break;
      case "follow":
        // Only a lapsed claim is taken again here; any other state has a job of its own.
        if (row.deliveryStatus === "sending") targets.push({ ...base, status: "sending", due: row.lapsed });
        break;
      case "skip":
        moves.push({ ...item, to: "skipped" });
        break;
      case "requeue":
        moves.push({ ...item, to: "waiting" });
        break;
      case "cancel":
        moves.push({ ...item, to: "cancelled" });
        break;
      case "drop":
        break;
    }
  }
  return { targets, moves };
}

export type PacedReplays = {
  targets: ClaimTarget[];
  waiting: JobInsert<DeliverJob>[];
  moves: ReplayItemMove[];
  tats: { tenantId: string; replayId: string; rateTatMs: number | null }[];
};

/**
 * Locks every replay the batch touches (after the endpoints; the recorder's order), then paces the
 * replay targets on their replay's own rate with the clock read after the locks.
 */
export async function paceReplays(tx: Sql, targets: ClaimTarget[], moves: ReplayItemMove[], gates: EndpointGateRow[]): Promise<PacedReplays> {
  const keys = [...targets.flatMap((t) => (t.replay ? [{ tenantId: t.tenantId, replayId: t.replay.replayId }] : [])), ...moves];
  const { replays, nowMs } = await lockReplayPacing(tx, keys);
  return paceReplayTargets(targets, replays, gates, nowMs);
}

/**
 * Replay targets that may go now stay in; the rest get a job at the time their turn should come, and
 * their item stays scheduled. A replay paused or cancelled since the targets were read (its row is
 * read again under its lock) takes its items back. Other targets pass through untouched.
 */
export function paceReplayTargets(targets: ClaimTarget[], pacing: ReplayPacing[], gates: EndpointGateRow[], nowMs: number): PacedReplays {
  const result: PacedReplays = { targets: targets.filter((t) => !t.replay), waiting: [], moves: [], tats: [] };
  for (const replay of pacing) {
    const mine = targets.filter((t) => t.replay?.replayId === replay.replayId && t.tenantId === replay.tenantId);
    if (replay.state !== "running") {
      const to = replay.state === "cancelled" ? "cancelled" : "waiting";
      result.moves.push(...mine.map((t) => ({ tenantId: t.tenantId, replayId: replay.replayId, deliveryId: t.id, to }) as const));
      continue;
    }
    const paced = paceReplay(mine.length, replay.rateTatMs, nowMs, replayPaceTolerance(replay.ratePerSecond));
    result.tats.push({ tenantId: replay.tenantId, replayId: replay.replayId, rateTatMs: paced.tatMs });
    mine.forEach((target, i) => {
      const decision = paced.decisions[i]!;
      if (decision.kind === "go") return void result.targets.push(target);
      const gate = gates.find((g) => g.tenantId === target.tenantId && g.endpointId === target.endpointId);
      const concurrency = gate ? effectiveConcurrency(gate.concurrencyLimit, gate.maxConcurrency) : 1;
      const options = { concurrency, startAfter: new Date(decision.atMs), replayId: replay.replayId };
      result.waiting.push(deliverJob({ tenantId: target.tenantId, id: target.id, endpointId: target.endpointId }, "replay", options));
    });
  }
  return result;
}
