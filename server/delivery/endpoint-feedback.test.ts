import { describe, expect, it } from "vitest";
import { type Circuit, EMPTY_WINDOW, type FailureWindow, type Verdict } from "./circuit-breaker";
import { applyAttempts, type EndpointRuntime, type FeedbackConfig, type FinishedAttempt } from "./endpoint-feedback";

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;
const TAU = 60_000;
const CONFIG: FeedbackConfig = {
  circuit: { windowMs: 60_000, minAttempts: 10, failureRatio: 0.5, cooldownMs: 30_000, maxCooldownMs: 240_000 },
  ramp: { tauMs: TAU, floorRate: 1, defaultTarget: 10 },
  disableAfterMs: 5 * DAY,
};

const CLOSED: Circuit = { state: "closed" };
const HALF_OPEN: Circuit = { state: "half_open", openedAtMs: T0 - 60_000, cooldownMs: 30_000, probeAtMs: T0 + 20_000 };
const NO_PEAK = { windowStartedAtMs: null, windowSuccesses: 0, peakRate: 0 };

const runtime = (overrides: Partial<EndpointRuntime> = {}): EndpointRuntime => ({
  circuit: CLOSED,
  window: EMPTY_WINDOW,
  concurrencyLimit: null,
  maxConcurrency: 10,
  limitPerSecond: null,
  ramp: null,
  tatMs: null,
  failingSinceMs: null,
  peak: NO_PEAK,
  ...overrides,
});
const attempt = (verdict: Verdict, finishedAtMs: number, flags: { probe?: boolean; congested?: boolean } = {}): FinishedAttempt => ({
  verdict,
  finishedAtMs,
  probe: flags.probe ?? false,
  congested: flags.congested ?? false,
});
const many = (n: number, verdict: Verdict, fromMs: number, flags: { congested?: boolean } = {}) => Array.from({ length: n }, (_, i) => attempt(verdict, fromMs + i, flags));
const nineFailures: FailureWindow = { startedAtMs: T0 - 10_000, failures: 9, successes: 0, prevFailures: 0, prevSuccesses: 0 };
const peakOf = (peakRate: number) => ({ windowStartedAtMs: T0 - DAY, windowSuccesses: peakRate * 10, peakRate });

describe("applyAttempts: circuit and recovery ramp", () => {
  it.each<[string, EndpointRuntime, FinishedAttempt[], Partial<EndpointRuntime>, string[]]>([
    [
      "opening clears the ramp and the tat",
      runtime({ window: nineFailures, ramp: { startedAtMs: T0 - 5_000, targetRate: 30 }, tatMs: T0 + 500, limitPerSecond: 20 }),
      [attempt("failure", T0)],
      { circuit: { state: "open", openedAtMs: T0, cooldownMs: 30_000, probeAtMs: T0 + 30_000 }, ramp: null, tatMs: null },
      ["opened"],
    ],
    [
      "a probe's success closes it and starts a ramp towards the endpoint's peak",
      runtime({ circuit: HALF_OPEN, window: nineFailures, peak: peakOf(30), tatMs: T0 - 1_000 }),
      [attempt("success", T0 + 100, { probe: true })],
      { circuit: CLOSED, window: EMPTY_WINDOW, ramp: { startedAtMs: T0 + 100, targetRate: 30 }, tatMs: null },
      ["closed"],
    ],
    [
      "…towards the default without history",
      runtime({ circuit: HALF_OPEN }),
      [attempt("success", T0 + 100, { probe: true })],
      { circuit: CLOSED, ramp: { startedAtMs: T0 + 100, targetRate: 10 } },
      ["closed"],
    ],
    [
      "…never above the endpoint's limit",
      runtime({ circuit: HALF_OPEN, peak: peakOf(30), limitPerSecond: 20 }),
      [attempt("success", T0 + 100, { probe: true })],
      { circuit: CLOSED, ramp: { startedAtMs: T0 + 100, targetRate: 20 } },
      ["closed"],
    ],
    [
      "…at least the floor",
      runtime({ circuit: HALF_OPEN, peak: peakOf(0.3) }),
      [attempt("success", T0 + 100, { probe: true })],
      { circuit: CLOSED, ramp: { startedAtMs: T0 + 100, targetRate: 1 } },
      ["closed"],
    ],
    [
      "a probe's neutral answer closes it too",
      runtime({ circuit: HALF_OPEN, peak: peakOf(30) }),
      [attempt("neutral", T0 + 100, { probe: true })],
      { circuit: CLOSED, ramp: { startedAtMs: T0 + 100, targetRate: 30 } },
      ["closed"],
    ],
    [
      "a probe's failure re-opens it with the cooldown doubled, no ramp",
      runtime({ circuit: HALF_OPEN, peak: peakOf(30) }),
      [attempt("failure", T0 + 100, { probe: true })],
      { circuit: { state: "open", openedAtMs: T0 + 100, cooldownMs: 60_000, probeAtMs: T0 + 60_100 }, ramp: null },
      ["probe_failed"],
    ],
    [
      "non-probe attempts while half-open leave it (and the ramp) alone",
      runtime({ circuit: HALF_OPEN }),
      [attempt("success", T0), attempt("failure", T0 + 1)],
      { circuit: HALF_OPEN, ramp: null },
      [],
    ],
    [
      "closed by the probe, then re-opened in the same batch: no ramp",
      runtime({ circuit: HALF_OPEN, peak: peakOf(30), limitPerSecond: 20 }),
      [attempt("success", T0, { probe: true }), ...many(10, "failure", T0 + 1)],
      { circuit: { state: "open", openedAtMs: T0 + 10, cooldownMs: 30_000, probeAtMs: T0 + 30_010 }, ramp: null, tatMs: null },
      ["closed", "opened"],
    ],
    [
      "a closed circuit without failures: nothing changes",
      runtime({ ramp: { startedAtMs: T0 - 1_000, targetRate: 30 }, tatMs: T0 + 50 }),
      [attempt("success", T0)],
      { circuit: CLOSED, ramp: { startedAtMs: T0 - 1_000, targetRate: 30 }, tatMs: T0 + 50 },
      [],
    ],
  ])("%s", (_, state, attempts, expected, transitions) => {
    const result = applyAttempts(state, attempts, T0 + 1_000, CONFIG);
    expect(result.state).toMatchObject(expected);
    expect(result.transitions).toEqual(transitions);
  });

  it("the ramp's target is the peak before this batch's successes are counted", () => {
    const result = applyAttempts(runtime({ circuit: HALF_OPEN, peak: peakOf(3) }), [attempt("success", T0, { probe: true }), ...many(400, "success", T0 + 1)], T0 + 1_000, CONFIG);
    expect(result.state.ramp).toEqual({ startedAtMs: T0, targetRate: 3 });
    expect(result.state.peak.peakRate).toBe(40.1);
  });
});

describe("applyAttempts: order", () => {
  it("applies attempts in finishedAtMs order, not in the order given", () => {
    // The probe (earlier) closes the circuit and resets the window; the later failure counts in the new window.
    const result = applyAttempts(runtime({ circuit: HALF_OPEN, window: nineFailures }), [attempt("failure", T0 + 500), attempt("success", T0 + 100, { probe: true })], T0 + 1_000, CONFIG);
    expect(result.transitions).toEqual(["closed"]);
    expect(result.state.window).toEqual({ startedAtMs: T0 + 500, failures: 1, successes: 0, prevFailures: 0, prevSuccesses: 0 });
    expect(result.state.failingSinceMs).toBe(T0 + 500);
  });

  it("the 10th failure opens it whatever the array order", () => {
    const attempts = many(10, "failure", T0).reverse();
    const result = applyAttempts(runtime(), attempts, T0 + 1_000, CONFIG);
    expect(result.transitions).toEqual(["opened"]);
    expect(result.state.circuit).toEqual({ state: "open", openedAtMs: T0 + 9, cooldownMs: 30_000, probeAtMs: T0 + 30_009 });
  });

  it("does not mutate its input", () => {
    const state = runtime({ circuit: HALF_OPEN, window: nineFailures, peak: peakOf(5), concurrencyLimit: 4 });
    const attempts = [attempt("failure", T0 + 500, { congested: true }), attempt("success", T0 + 100, { probe: true })];
    const snapshot = structuredClone({ state, attempts });
    applyAttempts(state, attempts, T0 + 1_000, CONFIG);
    expect({ state, attempts }).toEqual(snapshot);
  });
});

describe("applyAttempts: AIMD", () => {
  it.each<[string, number | null, FinishedAttempt[], number | null]>([
    ["a timeout or 429 at the cap halves it", null, [attempt("failure", T0, { congested: true })], 5],
    ["several in one batch halve once", null, many(3, "failure", T0, { congested: true }), 5],
    ["congestion wins over the batch's successes", 8, [...many(8, "success", T0), attempt("failure", T0 + 10, { congested: true })], 4],
    ["a lowered limit halves again", 5, [attempt("failure", T0, { congested: true })], 2],
    ["`current` successes add one", 4, many(4, "success", T0), 5],
    ["fewer add a fraction", 4, many(2, "success", T0), 4.5],
    ["neutral answers and failures do not grow it", 4, [...many(3, "neutral", T0), ...many(3, "failure", T0 + 10)], 4],
    ["reaching the cap clears it", 9, many(9, "success", T0), null],
    ["no attempts keep it", 4, [], 4],
    ["at the cap it stays null", null, many(3, "success", T0), null],
  ])("%s", (_, concurrencyLimit, attempts, expected) => {
    expect(applyAttempts(runtime({ concurrencyLimit }), attempts, T0 + 1_000, CONFIG).state.concurrencyLimit).toBe(expected);
  });
});

describe("applyAttempts: failing since and auto-disable", () => {
  it.each<[string, number | null, FinishedAttempt[], number, number | null, boolean]>([
    ["the first failure starts it", null, [attempt("failure", T0)], T0, T0, false],
    ["a neutral answer is not a success: starts it", null, [attempt("neutral", T0)], T0, T0, false],
    ["failures keep the first time", T0 - DAY, [attempt("failure", T0)], T0, T0 - DAY, false],
    ["a success clears it", T0 - DAY, [attempt("success", T0)], T0, null, false],
    ["a probe's success clears it", T0 - DAY, [attempt("success", T0, { probe: true })], T0, null, false],
    ["failure, success, failure: the last failure", null, [attempt("failure", T0), attempt("success", T0 + 1), attempt("failure", T0 + 2)], T0 + 2, T0 + 2, false],
    ["sorted first: a later failure after an earlier success", null, [attempt("failure", T0 + 2), attempt("success", T0 + 1)], T0 + 2, T0 + 2, false],
    ["sorted first: a later success after an earlier failure", null, [attempt("success", T0 + 2), attempt("failure", T0 + 1)], T0 + 2, null, false],
    ["no attempts keep it", T0 - DAY, [], T0, T0 - DAY, false],
    ["failing just under 5 days: not yet", T0 - 5 * DAY + 1, [attempt("failure", T0)], T0, T0 - 5 * DAY + 1, false],
    ["failing for exactly 5 days: disable", T0 - 5 * DAY, [attempt("failure", T0)], T0, T0 - 5 * DAY, true],
    ["failing for longer: disable", T0 - 6 * DAY, [attempt("neutral", T0)], T0, T0 - 6 * DAY, true],
    ["5 days without any attempt: disable", T0 - 5 * DAY, [], T0, T0 - 5 * DAY, true],
    ["a success after 6 days of failures: not disabled", T0 - 6 * DAY, [attempt("failure", T0 - 1), attempt("success", T0)], T0, null, false],
    ["never failing: not disabled", null, [], T0 + 10 * DAY, null, false],
  ])("%s", (_, failingSinceMs, attempts, nowMs, expectedSince, disable) => {
    const result = applyAttempts(runtime({ failingSinceMs }), attempts, nowMs, CONFIG);
    expect(result.state.failingSinceMs).toBe(expectedSince);
    expect(result.disable).toBe(disable);
  });
});

describe("applyAttempts: ramp end and peak", () => {
  const ramp = (startedAtMs: number) => ({ startedAtMs, targetRate: 30 });
  it.each<[string, Partial<EndpointRuntime>, number, Partial<EndpointRuntime>]>([
    ["a ramp that has not ended is kept with its tat", { ramp: ramp(T0), tatMs: T0 + 100 }, T0 + 5 * TAU - 1, { ramp: ramp(T0), tatMs: T0 + 100 }],
    ["an ended ramp is cleared with its tat (nothing else limits)", { ramp: ramp(T0), tatMs: T0 + 100 }, T0 + 5 * TAU, { ramp: null, tatMs: null }],
    ["an ended ramp under a limit keeps the tat", { ramp: ramp(T0), tatMs: T0 + 100, limitPerSecond: 20 }, T0 + 5 * TAU, { ramp: null, tatMs: T0 + 100 }],
  ])("%s", (_, overrides, nowMs, expected) => {
    expect(applyAttempts(runtime(overrides), [], nowMs, CONFIG).state).toMatchObject(expected);
  });

  it("counts the batch's successes towards the peak", () => {
    const result = applyAttempts(runtime(), [...many(20, "success", T0), ...many(5, "failure", T0 + 20), ...many(5, "neutral", T0 + 30)], T0 + 1_000, CONFIG);
    expect(result.state.peak).toEqual({ windowStartedAtMs: T0 + 1_000, windowSuccesses: 20, peakRate: 2 });
  });
});
