// Sorts a claim's replay jobs (their delivery, replay item and replay locked together) into targets
// for the endpoint gates and replay item moves (server/delivery/replay-plan.ts decides each).
import { decideReplayClaim } from "../server/delivery/replay-plan";
import type { ClaimTarget } from "../server/modules/deliveries/delivery-claim.repo";
import type { ReplayItemMove, ReplayTarget } from "../server/modules/replays/replay-progress.repo";

export function sortReplayJobs(rows: ReplayTarget[]): { targets: ClaimTarget[]; moves: ReplayItemMove[] } {
  const targets: ClaimTarget[] = [];
  const moves: ReplayItemMove[] = [];
  for (const row of rows) {
    const base = { tenantId: row.tenantId, id: row.id, endpointId: row.endpointId };
    const item = { tenantId: row.tenantId, replayId: row.replayId, deliveryId: row.id };
    switch (decideReplayClaim(row)) {
      case "attempt":
        targets.push({ ...base, status: "sending", due: true, replay: { replayId: row.replayId, gapMs: 1000 / row.replayRate } });
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
      case "drop":
        break;
    }
  }
  return { targets, moves };
}
