import { describe, expect, it } from "vitest";
import type { ClaimTarget, EndpointGateRow } from "../server/modules/deliveries/delivery-claim.repo";
import { paceReplayTargets, sortReplayJobs } from "./replay-claim";

const target = (id: string, replayId?: string): ClaimTarget => ({
  tenantId: "ten_a",
  id,
  endpointId: "ep_a",
  status: "sending",
  due: true,
  ...(replayId ? { replay: { replayId } } : {}),
});
const gate = { tenantId: "ten_a", endpointId: "ep_a", concurrencyLimit: null, maxConcurrency: 10 } as EndpointGateRow;
const pacing = (state: string, rateTatMs: number | null = null) => [{ tenantId: "ten_a", replayId: "rpl_1", state, ratePerSecond: 10, rateTatMs }];

describe("paceReplayTargets", () => {
  it("lets a running replay's targets through at its rate and sends the rest to their turn", () => {
    const result = paceReplayTargets([target("dlv_plain"), target("dlv_1", "rpl_1"), target("dlv_2", "rpl_1")], pacing("running"), [gate], 1_000);
    expect(result.targets.map((t) => t.id)).toEqual(["dlv_plain", "dlv_1"]);
    expect(result.waiting).toHaveLength(1);
    expect(result.waiting[0]).toMatchObject({ data: { deliveryId: "dlv_2", replayId: "rpl_1" }, startAfter: new Date(1_050), priority: 0 });
    expect(result.tats).toEqual([{ tenantId: "ten_a", replayId: "rpl_1", rateTatMs: 1_100 }]);
  });

  it("takes back the items of a replay paused or cancelled since the targets were read", () => {
    const paused = paceReplayTargets([target("dlv_1", "rpl_1")], pacing("paused"), [gate], 1_000);
    expect(paused.targets).toEqual([]);
    expect(paused.moves).toEqual([{ tenantId: "ten_a", replayId: "rpl_1", deliveryId: "dlv_1", to: "waiting" }]);
    expect(paceReplayTargets([target("dlv_1", "rpl_1")], pacing("cancelled"), [gate], 1_000).moves[0]?.to).toBe("cancelled");
  });
});

describe("sortReplayJobs", () => {
  const row = { tenantId: "ten_a", id: "dlv_1", replayId: "rpl_1", endpointId: "ep_a", lapsed: false };
  it("sorts jobs into targets and item moves", () => {
    const sorted = sortReplayJobs([
      { ...row, itemState: "scheduled", replayState: "running", deliveryStatus: "failed" },
      { ...row, id: "dlv_2", itemState: "scheduled", replayState: "running", deliveryStatus: "retrying" },
      { ...row, id: "dlv_3", itemState: "scheduled", replayState: "cancelled", deliveryStatus: "failed" },
      { ...row, id: "dlv_4", itemState: "sending", replayState: "running", deliveryStatus: "sending", lapsed: true },
    ]);
    expect(sorted.targets.map((t) => [t.id, t.due, t.replay?.replayId])).toEqual([
      ["dlv_1", true, "rpl_1"],
      ["dlv_4", true, undefined],
    ]);
    expect(sorted.moves.map((m) => [m.deliveryId, m.to])).toEqual([
      ["dlv_2", "skipped"],
      ["dlv_3", "cancelled"],
    ]);
  });
});
