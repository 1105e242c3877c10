import { describe, expect, it } from "vitest";
import { allowedRate, type Pace, PEAK_WINDOW_MS, type PeakTracker, type Ramp, type RampConfig, rampEnded, rampRate, rampTarget, reserveSlot, trackPeak } from "./pacing";

const T0 = 1_700_000_000_000;
const TAU = 2_000;
const CONFIG: RampConfig = { tauMs: TAU, floorRate: 1, defaultTarget: 10 };
const H = 50;
const RAMP: Ramp = { startedAtMs: T0, targetRate: H };
const RAMP_END = T0 + 5 * TAU;

const pace = (limitPerSecond: number | null, ramp: Ramp | null = null): Pace => ({ limitPerSecond, ramp });
const curve = (targetRate: number, tMs: number) => targetRate * (1 - Math.exp(-tMs / TAU));

/**
 * The contract's allowed rate, written independently of the module: the ramp H·(1 − e^(−t/τ)) (not
 * below min(floor, H)) until 5τ, the endpoint's own limit, the lower of the two; Infinity when neither.
 */
function contractRate(p: Pace, atMs: number): number {
  const limit = p.limitPerSecond ?? Number.POSITIVE_INFINITY;
  if (!p.ramp) return limit;
  const t = Math.max(0, atMs - p.ramp.startedAtMs);
  if (t >= 5 * TAU) return limit;
  return Math.min(limit, Math.max(curve(p.ramp.targetRate, t), Math.min(CONFIG.floorRate, p.ramp.targetRate)));
}

/** ∫ rate dt over [fromMs, toMs), in deliveries (midpoint rule, 1 ms steps). */
function integral(p: Pace, fromMs: number, toMs: number): number {
  let sum = 0;
  for (let t = fromMs + 0.5; t < toMs; t += 1) {
    const rate = contractRate(p, t);
    if (!Number.isFinite(rate)) return Number.POSITIVE_INFINITY;
    sum += rate / 1_000;
  }
  return sum;
}

/** The worst window [a, a + 1 s): slots in it minus what the rate allows over it (must stay ≤ 1). */
function worstExcess(p: Pace, slots: readonly number[]): { excess: number; atMs: number; count: number; allowed: number } {
  const sorted = [...slots].sort((a, b) => a - b);
  let worst = { excess: Number.NEGATIVE_INFINITY, atMs: Number.NaN, count: 0, allowed: 0 };
  // The count changes only when a slot enters or leaves: windows starting at a slot, or ending just after one.
  const starts = [...sorted, ...sorted.map((s) => s - 1_000 + 0.001)];
  for (const a of starts) {
    const count = sorted.filter((s) => s >= a && s < a + 1_000).length;
    const allowed = integral(p, a, a + 1_000);
    if (count - allowed > worst.excess) worst = { excess: count - allowed, atMs: a, count, allowed };
  }
  return worst;
}

/** Deterministic pseudo-random gaps (an LCG; the pure core takes no Math.random). */
function gaps(seed: number, meanMs: number, n: number): number[] {
  let state = seed;
  return Array.from({ length: n }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return (state / 2 ** 31) * 2 * meanMs;
  });
}

/**
 * Reserves a slot for each arrival in order (the gate's usage), asserting slots never precede their
 * arrival; stops before the arrival whose slot (the arrival time or the tat, the later) is `stop`.
 */
function reserveAll(p: Pace, arrivalsMs: readonly number[], stop: (slotMs: number) => boolean = () => false): number[] {
  let tatMs: number | null = null;
  const slots: number[] = [];
  for (const nowMs of arrivalsMs) {
    if (stop(Math.max(tatMs ?? nowMs, nowMs))) break;
    const slot = reserveSlot(tatMs, nowMs, p, CONFIG);
    expect(slot.slotMs).toBeGreaterThanOrEqual(nowMs);
    slots.push(slot.slotMs);
    tatMs = slot.tatMs;
  }
  return slots;
}

describe("rampRate", () => {
  it.each<[string, Ramp, number, number]>([
    ["starts at the floor, not at r(0) = 0", RAMP, T0, 1],
    ["before its start, the floor", RAMP, T0 - 10_000, 1],
    ["while the curve is below the floor, the floor", RAMP, T0 + 40, 1],
    ["just past the floor, the curve", RAMP, T0 + 100, curve(H, 100)],
    ["at τ: H·(1 − 1/e)", RAMP, T0 + TAU, 50 * (1 - Math.exp(-1))],
    ["at 2τ", RAMP, T0 + 2 * TAU, 50 * (1 - Math.exp(-2))],
    ["at 5τ, within 0.7 % of H", RAMP, T0 + 5 * TAU, 50 * (1 - Math.exp(-5))],
    ["long after, H", RAMP, T0 + 100 * TAU, 50],
    ["H below the floor: starts at H (min(floor, H))", { startedAtMs: T0, targetRate: 0.5 }, T0, 0.5],
    ["H below the floor, later: still H", { startedAtMs: T0, targetRate: 0.5 }, T0 + 10 * TAU, 0.5],
  ])("%s", (_, ramp, atMs, expected) => {
    expect(rampRate(ramp, atMs, CONFIG)).toBeCloseTo(expected, 9);
  });

  it("rises monotonically and never exceeds H", () => {
    let previous = 0;
    for (let t = 0; t <= 6 * TAU; t += 7) {
      const rate = rampRate(RAMP, T0 + t, CONFIG);
      expect(rate).toBeGreaterThanOrEqual(previous);
      expect(rate).toBeLessThanOrEqual(H);
      previous = rate;
    }
  });
});

describe("rampEnded", () => {
  it.each<[string, number, boolean]>([
    ["not at its start", T0, false],
    ["not at 4τ", T0 + 4 * TAU, false],
    ["not just before 5τ", T0 + 5 * TAU - 1, false],
    ["at 5τ", T0 + 5 * TAU, true],
    ["after 5τ", T0 + 6 * TAU, true],
  ])("ended %s", (_, nowMs, expected) => {
    expect(rampEnded(RAMP, nowMs, CONFIG)).toBe(expected);
  });
});

describe("allowedRate", () => {
  it.each<[string, Pace, number, number | null]>([
    ["nothing limits: null", pace(null), T0, null],
    ["a limit alone", pace(20), T0, 20],
    ["a ramp alone", pace(null, RAMP), T0 + TAU, curve(H, TAU)],
    ["a ramp alone at its start: the floor", pace(null, RAMP), T0, 1],
    ["a limit below the ramp wins", pace(20, RAMP), T0 + TAU, 20],
    ["a ramp below the limit wins", pace(40, RAMP), T0 + TAU, curve(H, TAU)],
    ["a limit below the floor wins over it", pace(0.5, RAMP), T0, 0.5],
    // Past 5τ a ramp that is still set (its backlog has not drained) keeps pacing at about H.
    ["a ramp past 5τ with no limit: about H", pace(null, RAMP), RAMP_END, curve(H, RAMP_END - T0)],
    ["a ramp past 5τ under a lower limit: the limit", pace(20, RAMP), RAMP_END, 20],
    ["a ramp past 5τ under a higher limit: about H", pace(80, RAMP), RAMP_END + 1, curve(H, RAMP_END + 1 - T0)],
    ["no ramp and no limit: null", pace(null, null), RAMP_END, null],
  ])("%s", (_, p, atMs, expected) => {
    const rate = allowedRate(p, atMs, CONFIG);
    if (expected === null) expect(rate).toBeNull();
    else expect(rate).toBeCloseTo(expected, 9);
  });
});

describe("rampTarget", () => {
  it.each<[string, number, number | null, number]>([
    ["no history: the default", 0, null, 10],
    ["no history, a limit below the default", 0, 5, 5],
    ["no history, a limit above the default", 0, 20, 10],
    ["the endpoint's peak", 30, null, 30],
    ["the peak, capped by the limit", 30, 20, 20],
    ["the peak below the limit", 15, 20, 15],
    ["a peak below the floor: the floor", 0.2, null, 1],
    ["a peak below the floor, a limit below that", 0.2, 0.5, 0.5],
    ["a peak above the default is not capped by it", 500, null, 500],
  ])("%s", (_, peakRate, limitPerSecond, expected) => {
    expect(rampTarget(peakRate, limitPerSecond, CONFIG)).toBe(expected);
  });
});

describe("reserveSlot", () => {
  it.each<[string, number | null, number, Pace, { slotMs: number; tatMs: number | null }]>([
    ["nothing limits: now, and no state", null, T0, pace(null), { slotMs: T0, tatMs: null }],
    ["nothing limits any more (a limit removed): now, state dropped", T0 + 5_000, T0, pace(null), { slotMs: T0, tatMs: null }],
    ["first slot at 20/s: now, the next 50 ms later", null, T0, pace(20), { slotMs: T0, tatMs: T0 + 50 }],
    ["a taken slot: the next one", T0 + 50, T0, pace(20), { slotMs: T0 + 50, tatMs: T0 + 100 }],
    ["far ahead", T0 + 10_000, T0, pace(20), { slotMs: T0 + 10_000, tatMs: T0 + 10_050 }],
    ["a stale arrival time is never before now", T0 - 60_000, T0, pace(20), { slotMs: T0, tatMs: T0 + 50 }],
    ["a tat exactly now", T0, T0, pace(4), { slotMs: T0, tatMs: T0 + 250 }],
    ["a ramp at its start: the floor, one per second", null, T0, pace(null, RAMP), { slotMs: T0, tatMs: T0 + 1_000 }],
    ["a ramp at τ: 1/r(τ) apart", T0 + TAU, T0, pace(null, RAMP), { slotMs: T0 + TAU, tatMs: T0 + TAU + 1_000 / curve(H, TAU) }],
    ["the rate is read at the slot's time, not now", T0 + TAU, T0 + 1, pace(null, RAMP), { slotMs: T0 + TAU, tatMs: T0 + TAU + 1_000 / curve(H, TAU) }],
    ["a limit below the ramp", null, T0 + 4 * TAU, pace(20, RAMP), { slotMs: T0 + 4 * TAU, tatMs: T0 + 4 * TAU + 50 }],
  ])("%s", (_, tatMs, nowMs, p, expected) => {
    const slot = reserveSlot(tatMs, nowMs, p, CONFIG);
    expect(slot.slotMs).toBe(expected.slotMs);
    if (expected.tatMs === null) expect(slot.tatMs).toBeNull();
    else expect(slot.tatMs).toBeCloseTo(expected.tatMs, 6);
  });

  it("spaces a backlog exactly 1/rate apart at a 20/s limit", () => {
    const slots = reserveAll(pace(20), Array.from({ length: 100 }, () => T0));
    expect(slots).toEqual(Array.from({ length: 100 }, (_, i) => T0 + i * 50));
  });

  it("spaces a ramp's backlog 1/r(slot) apart", () => {
    const slots = reserveAll(pace(null, RAMP), Array.from({ length: 300 }, () => T0), (slotMs) => slotMs >= RAMP_END);
    expect(slots.length).toBeGreaterThan(100);
    slots.slice(1).forEach((slot, i) => expect(slot - slots[i]!).toBeCloseTo(1_000 / rampRate(RAMP, slots[i]!, CONFIG), 3));
  });
});

describe("reserveSlot over time: no 1 s window holds more than the rate allows (+1 for quantisation)", () => {
  it("a 20/s limit, a backlog of 20 s", () => {
    const slots = reserveAll(pace(20), Array.from({ length: 400 }, () => T0));
    expect(slots.at(-1)).toBe(T0 + 19_950);
    expect(worstExcess(pace(20), slots).count).toBeLessThanOrEqual(21);
  });

  it("a 20/s limit, arrivals at random around 40/s for 20 s", () => {
    const arrivals = gaps(7, 25, 800).reduce<number[]>((acc, gap) => [...acc, (acc.at(-1) ?? T0) + gap], []);
    const slots = reserveAll(pace(20), arrivals);
    const worst = worstExcess(pace(20), slots);
    expect(worst.count).toBeLessThanOrEqual(21);
  });

  it("a rising ramp (H = 50/s, τ = 2 s), a backlog claimed at once, until the ramp ends", () => {
    const slots = reserveAll(
      pace(null, RAMP),
      Array.from({ length: 1_000 }, () => T0),
      (slotMs) => slotMs >= RAMP_END,
    );
    expect(slots.at(-1)).toBeGreaterThan(RAMP_END - 100);
    const worst = worstExcess(pace(null, RAMP), slots);
    expect(worst.excess, JSON.stringify(worst)).toBeLessThanOrEqual(1);
  });

  it("a rising ramp, arrivals at random around 33/s, until the ramp ends", () => {
    const arrivals = gaps(11, 30, 400).reduce<number[]>((acc, gap) => [...acc, (acc.at(-1) ?? T0) + gap], []);
    const slots = reserveAll(pace(null, RAMP), arrivals, (slotMs) => slotMs >= RAMP_END);
    expect(slots.length).toBeGreaterThan(150);
    const worst = worstExcess(pace(null, RAMP), slots);
    expect(worst.excess, JSON.stringify(worst)).toBeLessThanOrEqual(1);
  });

  it("a ramp under a 40/s limit, a backlog of 20 s (ramp, then the limit)", () => {
    const p = pace(40, RAMP);
    const slots = reserveAll(p, Array.from({ length: 2_000 }, () => T0), (slotMs) => slotMs >= T0 + 20_000);
    expect(slots.at(-1)).toBeGreaterThan(T0 + 19_900);
    const worst = worstExcess(p, slots);
    expect(worst.excess, JSON.stringify(worst)).toBeLessThanOrEqual(1);
  });

  // DESIGN §5: the ramp lets "a backlog drain without re-crashing the endpoint". When the booked slots
  // reach the ramp's end (no limit of its own), reserveSlot gives that delivery slot = now and drops the
  // tat, so the next reservation starts a second chain at now, on top of the first: a backlog k times
  // what one ramp books is sent k times faster than the ramp allows from the start of recovery.
  it("a rising ramp without a limit, a backlog longer than the ramp (20 s of slots)", () => {
    const p = pace(null, RAMP);
    const slots = reserveAll(p, Array.from({ length: 1_000 }, () => T0));
    const firstOutOfOrder = slots.findIndex((slot, i) => i > 0 && slot < slots[i - 1]!);
    expect.soft(firstOutOfOrder, `slot ${firstOutOfOrder} comes before slot ${firstOutOfOrder - 1}`).toBe(-1);
    const worst = worstExcess(p, slots);
    expect.soft(worst.excess, JSON.stringify(worst)).toBeLessThanOrEqual(1);
  });
});

describe("trackPeak", () => {
  const EMPTY: PeakTracker = { windowStartedAtMs: null, windowSuccesses: 0, peakRate: 0 };
  it.each<[string, PeakTracker, number, number, PeakTracker]>([
    ["the first successes open a window", EMPTY, 5, T0, { windowStartedAtMs: T0, windowSuccesses: 5, peakRate: 0.5 }],
    ["no successes change nothing", EMPTY, 0, T0, EMPTY],
    ["no successes keep an old window", { windowStartedAtMs: T0, windowSuccesses: 5, peakRate: 3 }, 0, T0 + 60_000, { windowStartedAtMs: T0, windowSuccesses: 5, peakRate: 3 }],
    ["within 10 s they add up", { windowStartedAtMs: T0, windowSuccesses: 5, peakRate: 0.5 }, 15, T0 + 9_999, { windowStartedAtMs: T0, windowSuccesses: 20, peakRate: 2 }],
    ["after 10 s a new window starts, the peak is kept", { windowStartedAtMs: T0, windowSuccesses: 20, peakRate: 2 }, 3, T0 + PEAK_WINDOW_MS, { windowStartedAtMs: T0 + 10_000, windowSuccesses: 3, peakRate: 2 }],
    ["a better new window raises the peak", { windowStartedAtMs: T0, windowSuccesses: 5, peakRate: 0.5 }, 50, T0 + 10_000, { windowStartedAtMs: T0 + 10_000, windowSuccesses: 50, peakRate: 5 }],
    ["an earlier, better peak stays", { windowStartedAtMs: T0, windowSuccesses: 1, peakRate: 40 }, 30, T0 + 1_000, { windowStartedAtMs: T0, windowSuccesses: 31, peakRate: 40 }],
  ])("%s", (_, tracker, successes, nowMs, expected) => {
    expect(trackPeak(tracker, successes, nowMs)).toEqual(expected);
  });

  it("a steady 30/s gives a peak of 30/s", () => {
    let tracker = EMPTY;
    for (let ms = 0; ms < 60_000; ms += 100) tracker = trackPeak(tracker, 3, T0 + ms);
    expect(tracker.peakRate).toBe(30);
  });
});
