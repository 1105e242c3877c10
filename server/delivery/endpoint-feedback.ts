// What a batch of finished attempts does to their endpoint's state (DESIGN §5): the circuit breaker's
// window and transitions, AIMD, the healthy-rate tracker, the recovery ramp when a circuit closes,
// and auto-disable after ENDPOINT_DISABLE_AFTER of failing without a single success. Pure.
import { adjustConcurrency } from "./adaptive-concurrency";
import { type Circuit, type CircuitConfig, type CircuitTransition, type FailureWindow, recordVerdict, type Verdict } from "./circuit-breaker";
import { type PeakTracker, type Ramp, type RampConfig, rampEnded, rampTarget, trackPeak } from "./pacing";

export type EndpointRuntime = {
  circuit: Circuit;
  window: FailureWindow;
  concurrencyLimit: number | null;
  maxConcurrency: number;
  limitPerSecond: number | null;
  ramp: Ramp | null;
  tatMs: number | null;
  failingSinceMs: number | null;
  peak: PeakTracker;
};

export type FinishedAttempt = {
  /** For the circuit: failure = a sign of unavailability; neutral = a 4xx/3xx answer. */
  verdict: Verdict;
  /** A timeout or a 429: the endpoint asks for less concurrency. */
  congested: boolean;
  probe: boolean;
  finishedAtMs: number;
};

export type FeedbackConfig = { circuit: CircuitConfig; ramp: RampConfig; disableAfterMs: number };

export type Feedback = { state: EndpointRuntime; transitions: Exclude<CircuitTransition, null>[]; disable: boolean };

export function applyAttempts(state: EndpointRuntime, attempts: readonly FinishedAttempt[], nowMs: number, config: FeedbackConfig): Feedback {
  let next = { ...state };
  const transitions: Exclude<CircuitTransition, null>[] = [];
  for (const attempt of [...attempts].sort((a, b) => a.finishedAtMs - b.finishedAtMs)) {
    const counted = recordVerdict(next, attempt.verdict, attempt.probe, attempt.finishedAtMs, config.circuit);
    next = { ...next, circuit: counted.circuit, window: counted.window };
    if (counted.transition) transitions.push(counted.transition);
    if (counted.transition === "closed")
      // Recovery starts slow and rises to H; pacing starts afresh from the probe's success.
      next = { ...next, ramp: { startedAtMs: attempt.finishedAtMs, targetRate: rampTarget(next.peak.peakRate, next.limitPerSecond, config.ramp) }, tatMs: null };
    if (counted.transition === "opened") next = { ...next, ramp: null, tatMs: null };
    next.failingSinceMs = attempt.verdict === "success" ? null : (next.failingSinceMs ?? attempt.finishedAtMs);
  }
  const successes = attempts.filter((a) => a.verdict === "success").length;
  next.concurrencyLimit = adjustConcurrency(next.concurrencyLimit, next.maxConcurrency, { congested: attempts.filter((a) => a.congested).length, successes });
  next.peak = trackPeak(next.peak, successes, nowMs);
  // The ramp ends once its curve has flattened and the slots it booked have all come due.
  const drained = next.tatMs === null || next.tatMs <= nowMs;
  if (next.ramp && rampEnded(next.ramp, nowMs, config.ramp) && drained) next = { ...next, ramp: null, tatMs: next.limitPerSecond === null ? null : next.tatMs };
  const disable = next.failingSinceMs !== null && nowMs - next.failingSinceMs >= config.disableAfterMs;
  return { state: next, transitions, disable };
}
