import { describe, expect, it } from "vitest";
import {
  type Circuit,
  type CircuitConfig,
  type CircuitTransition,
  EMPTY_WINDOW,
  type FailureWindow,
  type Gate,
  gateCircuit,
  recordVerdict,
  type Verdict,
  windowTotals,
} from "./circuit-breaker";

const T0 = 1_700_000_000_000;
const WINDOW = 60_000;
const CONFIG: CircuitConfig = { windowMs: WINDOW, minAttempts: 10, failureRatio: 0.5, cooldownMs: 30_000, maxCooldownMs: 240_000 };
const LEASE = 20_000;
const CLOSED: Circuit = { state: "closed" };

const open = (openedAtMs: number, cooldownMs: number, probeAtMs = openedAtMs + cooldownMs): Circuit => ({ state: "open", openedAtMs, cooldownMs, probeAtMs });
const halfOpen = (openedAtMs: number, cooldownMs: number, probeAtMs: number): Circuit => ({ state: "half_open", openedAtMs, cooldownMs, probeAtMs });
const window = (startedAtMs: number | null, failures: number, successes: number, prevFailures = 0, prevSuccesses = 0): FailureWindow => ({
  startedAtMs,
  failures,
  successes,
  prevFailures,
  prevSuccesses,
});

const F: Verdict = "failure";
const S: Verdict = "success";
const N: Verdict = "neutral";
const times = (n: number, verdict: Verdict): Verdict[] => Array.from({ length: n }, () => verdict);

/** Records non-probe verdicts one second apart from `startMs`; returns the final state and every transition. */
function play(verdicts: readonly Verdict[], from: { circuit: Circuit; window: FailureWindow } = { circuit: CLOSED, window: EMPTY_WINDOW }, startMs = T0) {
  let state = from;
  const transitions: CircuitTransition[] = [];
  verdicts.forEach((verdict, i) => {
    const next = recordVerdict(state, verdict, false, startMs + i * 1_000, CONFIG);
    state = { circuit: next.circuit, window: next.window };
    transitions.push(next.transition);
  });
  return { ...state, transitions };
}

describe("gateCircuit", () => {
  it.each<[string, Circuit, number, Gate]>([
    ["a closed circuit passes", CLOSED, T0, { kind: "pass" }],
    ["open: held before the cooldown has passed", open(T0, 30_000), T0 + 29_999, { kind: "hold" }],
    ["open: held at the moment it opened", open(T0, 30_000), T0, { kind: "hold" }],
    ["open: one probe once the cooldown has passed", open(T0, 30_000), T0 + 30_000, { kind: "probe", circuit: halfOpen(T0, 30_000, T0 + 30_000 + LEASE) }],
    ["open: a probe long after the cooldown leases from now", open(T0, 30_000), T0 + 500_000, { kind: "probe", circuit: halfOpen(T0, 30_000, T0 + 500_000 + LEASE) }],
    ["half-open: held while the probe's lease lasts", halfOpen(T0, 30_000, T0 + 50_000), T0 + 49_999, { kind: "hold" }],
    ["half-open: a lost probe is replaced once its lease lapses", halfOpen(T0, 30_000, T0 + 50_000), T0 + 50_000, { kind: "probe", circuit: halfOpen(T0, 30_000, T0 + 50_000 + LEASE) }],
    ["half-open keeps the opening time and cooldown", halfOpen(T0 - 5, 120_000, T0), T0 + 1, { kind: "probe", circuit: halfOpen(T0 - 5, 120_000, T0 + 1 + LEASE) }],
  ])("%s", (_, circuit, nowMs, expected) => {
    expect(gateCircuit(circuit, nowMs, LEASE)).toEqual(expected);
  });

  it("allows exactly one probe at a time: the probe's half-open state holds the next caller", () => {
    const first = gateCircuit(open(T0, 30_000), T0 + 30_000, LEASE);
    if (first.kind !== "probe") throw new Error("expected a probe");
    expect(gateCircuit(first.circuit, T0 + 30_000, LEASE)).toEqual({ kind: "hold" });
    expect(gateCircuit(first.circuit, T0 + 30_000 + LEASE - 1, LEASE)).toEqual({ kind: "hold" });
    expect(gateCircuit(first.circuit, T0 + 30_000 + LEASE, LEASE)).toMatchObject({ kind: "probe" });
  });
});

describe("windowTotals", () => {
  it.each<[string, FailureWindow, number, { attempts: number; failures: number }]>([
    ["an empty window", EMPTY_WINDOW, T0, { attempts: 0, failures: 0 }],
    ["the current window counts in full", window(T0, 6, 4), T0 + 30_000, { attempts: 10, failures: 6 }],
    ["at its last moment too", window(T0, 6, 4), T0 + WINDOW - 1, { attempts: 10, failures: 6 }],
    ["one window later it is the previous window, still fully covered", window(T0, 6, 4), T0 + WINDOW, { attempts: 10, failures: 6 }],
    ["a quarter into the next window, three quarters of it still count", window(T0, 6, 4), T0 + WINDOW + 15_000, { attempts: 7.5, failures: 4.5 }],
    ["half-way into the next window, half of it counts", window(T0, 6, 4), T0 + WINDOW + 30_000, { attempts: 5, failures: 3 }],
    ["two windows later nothing counts", window(T0, 6, 4), T0 + 2 * WINDOW, { attempts: 0, failures: 0 }],
    ["long after, nothing counts", window(T0, 6, 4), T0 + 100 * WINDOW, { attempts: 0, failures: 0 }],
    ["current plus the uncovered part of the previous window", window(T0, 2, 1, 8, 4), T0 + 15_000, { attempts: 12, failures: 8 }],
    ["the previous window of a rolled window is replaced, not added", window(T0, 2, 1, 8, 4), T0 + WINDOW + 30_000, { attempts: 1.5, failures: 1 }],
  ])("%s", (_, failureWindow, nowMs, expected) => {
    const totals = windowTotals(failureWindow, nowMs, WINDOW);
    expect(totals.attempts).toBeCloseTo(expected.attempts, 9);
    expect(totals.failures).toBeCloseTo(expected.failures, 9);
  });

  it("an almost-expired previous window counts almost nothing", () => {
    const totals = windowTotals(window(T0, 100, 0), T0 + 2 * WINDOW - 1, WINDOW);
    expect(totals.failures).toBeGreaterThan(0);
    expect(totals.failures).toBeLessThan(0.01);
  });

  // Attempts reach the breaker out of order (several workers, batches of finished attempts): one that
  // finished just before the current window began must not weigh the previous window above 100 %.
  it("never counts the previous window for more than it holds (a time before the window's start)", () => {
    const totals = windowTotals(window(T0, 0, 0, 10, 0), T0 - 30_000, WINDOW);
    expect(totals.failures).toBeLessThanOrEqual(10);
    expect(totals.attempts).toBeLessThanOrEqual(10);
  });

  it("9 failures, the last one recorded out of order, do not open it", () => {
    // 6 failures in the previous window, 2 in the current one (since T0), then one that finished 40 s
    // before T0 arrives late: 9 attempts in all, fewer than minAttempts.
    const result = recordVerdict({ circuit: CLOSED, window: window(T0, 2, 0, 6, 0) }, F, false, T0 - 40_000, CONFIG);
    expect(result.transition).toBeNull();
  });
});

describe("recordVerdict: opening", () => {
  it.each<[string, Verdict[], CircuitTransition[]]>([
    ["10 failures open it on the 10th", times(10, F), [...times(9, F).map(() => null), "opened"]],
    ["9 failures (one event's retries) never open it", times(9, F), times(9, F).map(() => null)],
    ["5 successes then 5 failures: 50 % of 10 opens", [...times(5, S), ...times(5, F)], [...times(9, S).map(() => null), "opened"]],
    ["6 successes then 4 failures: 40 % stays closed", [...times(6, S), ...times(4, F)], times(10, S).map(() => null)],
    ["10 successes then 9 failures: 9 of 19 stays closed", [...times(10, S), ...times(9, F)], times(19, S).map(() => null)],
    ["…and the 10th failure (10 of 20) opens it", [...times(10, S), ...times(10, F)], [...times(19, S).map(() => null), "opened"]],
    ["neutral answers are not attempts: 9 failures among 20 neutrals stay closed", [...times(20, N), ...times(9, F)], times(29, N).map(() => null)],
    ["5 failures and 5 neutrals are 5 attempts, not 10", [...times(5, N), ...times(5, F)], times(10, N).map(() => null)],
    [
      "neutral answers do not dilute failures: 10 failures among 50 neutrals open it",
      [...times(25, N), ...times(5, F), ...times(25, N), ...times(5, F)],
      [...times(59, N).map(() => null), "opened"],
    ],
  ])("%s", (_, verdicts, transitions) => {
    const result = play(verdicts);
    expect(result.transitions).toEqual(transitions);
    expect(result.circuit.state).toBe(transitions.includes("opened") ? "open" : "closed");
  });

  it("opens with the configured cooldown, the probe due after it", () => {
    const result = recordVerdict({ circuit: CLOSED, window: window(T0, 9, 0) }, F, false, T0 + 5_000, CONFIG);
    expect(result).toEqual({ circuit: open(T0 + 5_000, 30_000, T0 + 35_000), window: window(T0, 10, 0), transition: "opened" });
  });

  it.each<[string, FailureWindow, number, CircuitTransition]>([
    // 9 failures in the window starting at T0, one more failure at the given time.
    ["within the window the old failures count", window(T0, 9, 0), T0 + WINDOW - 1, "opened"],
    ["one window later they still count in full", window(T0, 9, 0), T0 + WINDOW, "opened"],
    ["two windows later they are forgotten", window(T0, 9, 0), T0 + 2 * WINDOW, null],
    ["a window and a half later: 8 × ½ + 1 = 5 attempts", window(T0, 8, 0), T0 + WINDOW + 30_000, null],
  ])("sliding window: %s", (_, failureWindow, nowMs, transition) => {
    expect(recordVerdict({ circuit: CLOSED, window: failureWindow }, F, false, nowMs, CONFIG).transition).toBe(transition);
  });

  it("the previous window weighted by its uncovered part joins the current one", () => {
    // 8 failures in [T0, T0+60s); half-way through the next window they count as 4: 6 more failures make 10.
    const start = { circuit: CLOSED, window: window(T0, 8, 0) };
    const fiveMore = play(times(5, F), start, T0 + WINDOW + 25_000);
    expect(fiveMore.circuit).toEqual(CLOSED);
    const sixMore = play(times(6, F), start, T0 + WINDOW + 25_000);
    expect(sixMore.transitions).toEqual([null, null, null, null, null, "opened"]);
  });

  it("30 failures a window apart (never 10 in a window) do not open it", () => {
    const spread = Array.from({ length: 30 }, (_, i) => i * WINDOW);
    let state: { circuit: Circuit; window: FailureWindow } = { circuit: CLOSED, window: EMPTY_WINDOW };
    for (const offset of spread) state = recordVerdict(state, F, false, T0 + offset, CONFIG);
    expect(state.circuit).toEqual(CLOSED);
  });

  it("does not mutate its input or EMPTY_WINDOW", () => {
    const snapshot = structuredClone(EMPTY_WINDOW);
    const state = { circuit: CLOSED, window: EMPTY_WINDOW };
    play(times(12, F), state);
    expect(EMPTY_WINDOW).toEqual(snapshot);
    expect(state).toEqual({ circuit: CLOSED, window: snapshot });
  });
});

describe("recordVerdict: open and half-open", () => {
  const failures = window(T0, 12, 0);
  it.each<[string, Circuit, Verdict, boolean, Circuit, CircuitTransition]>([
    ["a probe's failure doubles the cooldown", halfOpen(T0, 30_000, T0 + 50_000), F, true, open(T0 + 40_000, 60_000), "probe_failed"],
    ["…from whatever it was", halfOpen(T0, 60_000, T0 + 80_000), F, true, open(T0 + 40_000, 120_000), "probe_failed"],
    ["…capped at maxCooldownMs", halfOpen(T0, 200_000, T0 + 220_000), F, true, open(T0 + 40_000, 240_000), "probe_failed"],
    ["…and stays at the cap", halfOpen(T0, 240_000, T0 + 260_000), F, true, open(T0 + 40_000, 240_000), "probe_failed"],
    ["a probe's result on a still-open circuit counts too", open(T0, 30_000), F, true, open(T0 + 40_000, 60_000), "probe_failed"],
    ["a probe's success closes it", halfOpen(T0, 30_000, T0 + 50_000), S, true, CLOSED, "closed"],
    ["a probe's neutral answer closes it (the endpoint is up)", halfOpen(T0, 30_000, T0 + 50_000), N, true, CLOSED, "closed"],
    ["a non-probe failure while half-open changes nothing", halfOpen(T0, 30_000, T0 + 50_000), F, false, halfOpen(T0, 30_000, T0 + 50_000), null],
    ["a non-probe success while half-open changes nothing", halfOpen(T0, 30_000, T0 + 50_000), S, false, halfOpen(T0, 30_000, T0 + 50_000), null],
    ["a non-probe neutral while half-open changes nothing", halfOpen(T0, 30_000, T0 + 50_000), N, false, halfOpen(T0, 30_000, T0 + 50_000), null],
    ["a non-probe failure while open changes nothing", open(T0, 30_000), F, false, open(T0, 30_000), null],
    ["a non-probe success while open changes nothing", open(T0, 30_000), S, false, open(T0, 30_000), null],
  ])("%s", (_, circuit, verdict, isProbe, expectedCircuit, transition) => {
    const result = recordVerdict({ circuit, window: failures }, verdict, isProbe, T0 + 40_000, CONFIG);
    expect(result.circuit).toEqual(expectedCircuit);
    expect(result.transition).toBe(transition);
  });

  it.each<[string, Verdict, FailureWindow]>([
    ["failure", F, window(T0, 13, 0)],
    ["success", S, window(T0, 12, 1)],
    ["neutral", N, window(T0, 12, 0)],
  ])("non-probe attempts finishing while open still count in the window (%s)", (_, verdict, expected) => {
    expect(recordVerdict({ circuit: open(T0, 30_000), window: failures }, verdict, false, T0 + 1_000, CONFIG).window).toEqual(expected);
  });

  it.each([S, N])("closing (probe %s) resets the window", (verdict) => {
    expect(recordVerdict({ circuit: halfOpen(T0, 30_000, T0 + 50_000), window: failures }, verdict, true, T0 + 40_000, CONFIG).window).toEqual(EMPTY_WINDOW);
  });

  it("a whole outage: open, held, probe fails, longer hold, probe succeeds, closed with a fresh window", () => {
    let state = play(times(10, F));
    const openedAt = T0 + 9_000;
    expect(state.circuit).toEqual(open(openedAt, 30_000));

    expect(gateCircuit(state.circuit, openedAt + 29_999, LEASE)).toEqual({ kind: "hold" });
    const probe1 = gateCircuit(state.circuit, openedAt + 30_000, LEASE);
    if (probe1.kind !== "probe") throw new Error("expected a probe");
    const failed = recordVerdict({ circuit: probe1.circuit, window: state.window }, F, true, openedAt + 31_000, CONFIG);
    expect(failed.transition).toBe("probe_failed");
    expect(failed.circuit).toEqual(open(openedAt + 31_000, 60_000));

    expect(gateCircuit(failed.circuit, openedAt + 31_000 + 59_999, LEASE)).toEqual({ kind: "hold" });
    const probe2 = gateCircuit(failed.circuit, openedAt + 91_000, LEASE);
    if (probe2.kind !== "probe") throw new Error("expected a probe");
    const closed = recordVerdict({ circuit: probe2.circuit, window: failed.window }, S, true, openedAt + 92_000, CONFIG);
    expect(closed).toEqual({ circuit: CLOSED, window: EMPTY_WINDOW, transition: "closed" });

    // Nothing of the outage is remembered: 9 new failures do not re-open it.
    state = play(times(9, F), closed, openedAt + 93_000);
    expect(state.circuit).toEqual(CLOSED);
  });
});
