import { describe, expect, it } from "vitest";
import { blockedRecheckMs, decideReplayClaim, isReplayable, paceReplay, replayBacklogLimit, replayBlock, replayOutcome, replaySlots } from "./replay-plan";

describe("replaySlots", () => {
  const base = { nextSlotAtMs: null, nowMs: 10_000, replayRate: 10, endpointRate: null, horizonMs: 1_000, max: 1_000 };

  it("spaces slots 1/rate apart from now, up to the horizon", () => {
    const { slots, nextSlotAtMs } = replaySlots(base);
    expect(slots).toHaveLength(11);
    expect(slots[0]).toBe(10_000);
    expect(slots[1]! - slots[0]!).toBeCloseTo(100);
    expect(nextSlotAtMs).toBeCloseTo(11_100);
  });

  it("continues from the previous booking without overlapping it", () => {
    const { slots } = replaySlots({ ...base, nextSlotAtMs: 10_500 });
    expect(slots[0]).toBe(10_500);
    expect(slots).toHaveLength(6);
  });

  it("restarts at now after falling behind instead of catching up in a burst", () => {
    const { slots } = replaySlots({ ...base, nextSlotAtMs: 2_000 });
    expect(slots[0]).toBe(10_000);
    expect(slots).toHaveLength(11);
  });

  it("never goes faster than the endpoint allows", () => {
    const { slots } = replaySlots({ ...base, endpointRate: 2 });
    expect(slots).toEqual([10_000, 10_500, 11_000]);
  });

  it("books nothing when the next slot is beyond the horizon, and respects max", () => {
    expect(replaySlots({ ...base, nextSlotAtMs: 12_000 }).slots).toEqual([]);
    expect(replaySlots({ ...base, nextSlotAtMs: 12_000 }).nextSlotAtMs).toBe(12_000);
    expect(replaySlots({ ...base, max: 3 }).slots).toHaveLength(3);
  });

  it("handles slow rates (one every 10 s)", () => {
    const { slots, nextSlotAtMs } = replaySlots({ ...base, replayRate: 0.1 });
    expect(slots).toEqual([10_000]);
    expect(nextSlotAtMs).toBe(20_000);
  });
});

describe("decideReplayClaim", () => {
  it("attempts a scheduled item of a running replay whose delivery is settled", () => {
    for (const status of ["failed", "delivered", "cancelled"])
      expect(decideReplayClaim({ itemState: "scheduled", replayState: "running", deliveryStatus: status })).toBe("attempt");
  });
  it("skips a delivery that got busy meanwhile", () => {
    for (const status of ["pending", "retrying", "sending", "held"])
      expect(decideReplayClaim({ itemState: "scheduled", replayState: "running", deliveryStatus: status })).toBe("skip");
  });
  it("puts a scheduled item of a paused replay back in line", () => {
    expect(decideReplayClaim({ itemState: "scheduled", replayState: "paused", deliveryStatus: "failed" })).toBe("requeue");
  });
  it("drops jobs of items that are not scheduled any more", () => {
    expect(decideReplayClaim({ itemState: "waiting", replayState: "running", deliveryStatus: "failed" })).toBe("drop");
    expect(decideReplayClaim({ itemState: "cancelled", replayState: "cancelled", deliveryStatus: "failed" })).toBe("drop");
    expect(decideReplayClaim({ itemState: "delivered", replayState: "running", deliveryStatus: "delivered" })).toBe("drop");
  });
  it("follows an item already in flight (its claim lapsed)", () => {
    expect(decideReplayClaim({ itemState: "sending", replayState: "paused", deliveryStatus: "sending" })).toBe("follow");
  });
});

describe("replayOutcome", () => {
  it("ends a retryable failure as failed, keeping the reason", () => {
    expect(replayOutcome({ status: "retrying", nextAttemptAtMs: 5, reason: "HTTP 503" })).toEqual({
      status: "failed",
      reason: "replay attempt failed: HTTP 503",
      disableEndpoint: null,
    });
  });
  it("keeps delivered and failed (including 410's disable) as they are", () => {
    expect(replayOutcome({ status: "delivered" })).toEqual({ status: "delivered" });
    const gone = { status: "failed", reason: "HTTP 410", disableEndpoint: "gone" } as const;
    expect(replayOutcome(gone)).toBe(gone);
  });
});

describe("replayBlock and isReplayable", () => {
  it("waits while the endpoint is disabled or its circuit is not closed", () => {
    expect(replayBlock({ enabled: false, circuitState: "closed" })).toBe("endpoint_disabled");
    expect(replayBlock({ enabled: true, circuitState: "open" })).toBe("circuit_open");
    expect(replayBlock({ enabled: true, circuitState: "half_open" })).toBe("circuit_open");
    expect(replayBlock({ enabled: true, circuitState: "closed" })).toBeNull();
  });
  it("replays settled deliveries only", () => {
    expect(isReplayable("failed")).toBe(true);
    expect(isReplayable("retrying")).toBe(false);
  });
});

describe("paceReplay", () => {
  const fresh = { slotBooked: false };

  it("lets one job go per slot and books later slots for the rest, 1/rate apart", () => {
    const { decisions, tatMs } = paceReplay([fresh, fresh, fresh], null, 1_000, 10, 10);
    expect(decisions).toEqual([{ kind: "go" }, { kind: "wait", atMs: 1_100 }, { kind: "wait", atMs: 1_200 }]);
    expect(tatMs).toBe(1_300);
  });

  it("a job holding its booked slot goes without taking another", () => {
    const { decisions, tatMs } = paceReplay([{ slotBooked: true }, fresh], 1_300, 1_100, 10, 10);
    expect(decisions).toEqual([{ kind: "go" }, { kind: "wait", atMs: 1_300 }]);
    expect(tatMs).toBe(1_400);
  });

  it("restarts at now after an idle stretch, and tolerates a slot a hair ahead", () => {
    expect(paceReplay([fresh], 500, 2_000, 10, 10)).toEqual({ decisions: [{ kind: "go" }], tatMs: 2_100 });
    expect(paceReplay([fresh], 2_005, 2_000, 10, 10).decisions).toEqual([{ kind: "go" }]);
  });

  it("spaces 100 piled-up jobs over 10 s at 10/s (never a burst)", () => {
    const { decisions } = paceReplay(Array.from({ length: 100 }, () => fresh), null, 0, 10, 10);
    expect(decisions.filter((d) => d.kind === "go")).toHaveLength(1);
    expect(decisions.at(-1)).toEqual({ kind: "wait", atMs: 9_900 });
  });
});

describe("replayBacklogLimit and blockedRecheckMs", () => {
  it("bounds the scheduled backlog to the rate over the horizon", () => {
    expect(replayBacklogLimit(10, 2_000)).toBe(20);
    expect(replayBacklogLimit(0.1, 2_000)).toBe(1);
  });
  it("backs off while blocked, from 2 s to 30 s", () => {
    expect(blockedRecheckMs(0)).toBe(2_000);
    expect(blockedRecheckMs(40_000)).toBe(10_000);
    expect(blockedRecheckMs(86_400_000)).toBe(30_000);
  });
});
