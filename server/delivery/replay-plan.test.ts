import { describe, expect, it } from "vitest";
import {
  blockedRecheckMs,
  decideReplayClaim,
  isReplayable,
  paceReplay,
  replayBacklogLimit,
  replayBlock,
  replayOutcome,
  replayPaceTolerance,
  replaySlots,
} from "./replay-plan";

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
  it("puts a scheduled item of a paused replay back in line, and cancels one of a cancelled replay", () => {
    expect(decideReplayClaim({ itemState: "scheduled", replayState: "paused", deliveryStatus: "failed" })).toBe("requeue");
    expect(decideReplayClaim({ itemState: "scheduled", replayState: "cancelled", deliveryStatus: "failed" })).toBe("cancel");
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
  const config = { ratePerSecond: 10, toleranceMs: 50 };

  it("lets jobs go while the arrival time is within the tolerance, and sends the rest to their turn", () => {
    const { decisions, tatMs } = paceReplay(3, null, 1_000, config);
    expect(decisions).toEqual([{ kind: "go" }, { kind: "wait", atMs: 1_050 }, { kind: "wait", atMs: 1_150 }]);
    expect(tatMs).toBe(1_100);
  });

  it("restarts at now after an idle stretch (never catches up in a burst)", () => {
    expect(paceReplay(1, 500, 2_000, config)).toEqual({ decisions: [{ kind: "go" }], tatMs: 2_100 });
    expect(paceReplay(2, 500, 2_000, config).decisions.filter((d) => d.kind === "go")).toHaveLength(1);
  });

  it("passes at most τ's worth of jobs that come due together (200/s, τ 100 ms: 21 of 400)", () => {
    const { decisions } = paceReplay(400, null, 0, { ratePerSecond: 200, toleranceMs: 100 });
    expect(decisions.filter((d) => d.kind === "go")).toHaveLength(21);
  });

  it("keeps any 1 s window to 11 at 10/s however the jobs arrive", () => {
    // 60 jobs due at random moments over 3 s, each claimed alone as it comes; waiting ones retry at their time.
    let tat: number | null = null;
    const sent: number[] = [];
    let pending = Array.from({ length: 60 }, (_, i) => (i * 50 + ((i * 37) % 23) * 7) % 3_000).sort((x, y) => x - y);
    while (pending.length) {
      const now = pending.shift()!;
      const result = paceReplay(1, tat, now, config);
      tat = result.tatMs;
      const decision = result.decisions[0]!;
      if (decision.kind === "go") sent.push(now);
      else pending = [...pending, decision.atMs].sort((x, y) => x - y);
    }
    expect(sent).toHaveLength(60);
    const most = Math.max(...sent.map((start) => sent.filter((t) => t >= start && t < start + 1_000).length));
    expect(most).toBeLessThanOrEqual(11);
  });
});

describe("replayPaceTolerance", () => {
  const windowBound = (rate: number) => Math.floor(((1000 + replayPaceTolerance(rate).toleranceMs) * rate) / 1000) + 1;
  it("keeps any 1 s window to rate + 1 up to 10/s", () => {
    for (const rate of [0.1, 0.5, 1, 2, 5, 10]) expect(windowBound(rate)).toBeLessThanOrEqual(Math.ceil(rate) + 1);
  });
  it("and within 10 % above that", () => {
    for (const rate of [11, 50, 200, 1_000]) expect(windowBound(rate)).toBeLessThanOrEqual(rate * 1.1 + 1);
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
