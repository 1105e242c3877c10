// Per-endpoint circuit breaker (DESIGN §5). Pure: the caller loads the state, passes the clock in and
// stores what comes back. Only signs of unavailability count as failures (classify.ts); a 4xx or 3xx
// answer is "neutral": the endpoint is up and deciding.

export type CircuitConfig = {
  /** Length of the sliding window failures are counted in. */
  windowMs: number;
  /** Fewer attempts than this in the window never open the circuit (one event's retries cannot). */
  minAttempts: number;
  /** Opens when failures / attempts in the window reach this. */
  failureRatio: number;
  cooldownMs: number;
  maxCooldownMs: number;
};

export const CIRCUIT_DEFAULTS = { minAttempts: 10, failureRatio: 0.5 } as const;

export type Circuit =
  | { state: "closed" }
  /** Waiting: the next probe may start at `probeAtMs`. */
  | { state: "open"; openedAtMs: number; cooldownMs: number; probeAtMs: number }
  /** One probe is in flight; if it is lost (worker died), another may start at `probeAtMs`. */
  | { state: "half_open"; openedAtMs: number; cooldownMs: number; probeAtMs: number };

/** Two fixed windows blended into a sliding one: the previous window counts for the part still covered. */
export type FailureWindow = { startedAtMs: number | null; failures: number; successes: number; prevFailures: number; prevSuccesses: number };

export const EMPTY_WINDOW: FailureWindow = { startedAtMs: null, failures: 0, successes: 0, prevFailures: 0, prevSuccesses: 0 };

export type Verdict = "success" | "failure" | "neutral";

export type CircuitTransition = "opened" | "closed" | "probe_failed" | null;

export type Gate = { kind: "pass" } | { kind: "hold" } | { kind: "probe"; circuit: Circuit };

/** May a delivery go out now? At most one probe at a time, and only once the cooldown has passed. */
export function gateCircuit(circuit: Circuit, nowMs: number, probeLeaseMs: number): Gate {
  if (circuit.state === "closed") return { kind: "pass" };
  if (nowMs < circuit.probeAtMs) return { kind: "hold" };
  return { kind: "probe", circuit: { state: "half_open", openedAtMs: circuit.openedAtMs, cooldownMs: circuit.cooldownMs, probeAtMs: nowMs + probeLeaseMs } };
}

function rollWindow(window: FailureWindow, nowMs: number, windowMs: number): FailureWindow {
  if (window.startedAtMs === null) return { ...EMPTY_WINDOW, startedAtMs: nowMs };
  const elapsed = nowMs - window.startedAtMs;
  if (elapsed < windowMs) return window;
  if (elapsed < 2 * windowMs)
    return { startedAtMs: window.startedAtMs + windowMs, failures: 0, successes: 0, prevFailures: window.failures, prevSuccesses: window.successes };
  return { ...EMPTY_WINDOW, startedAtMs: nowMs };
}

/** Attempts and failures in the last `windowMs`, estimated from the two fixed windows. */
export function windowTotals(window: FailureWindow, nowMs: number, windowMs: number): { attempts: number; failures: number } {
  const rolled = rollWindow(window, nowMs, windowMs);
  const prevWeight = Math.min(1, Math.max(0, 1 - (nowMs - (rolled.startedAtMs ?? nowMs)) / windowMs));
  const failures = rolled.failures + rolled.prevFailures * prevWeight;
  return { attempts: failures + rolled.successes + rolled.prevSuccesses * prevWeight, failures };
}

function count(window: FailureWindow, verdict: Verdict, nowMs: number, windowMs: number): FailureWindow {
  const rolled = rollWindow(window, nowMs, windowMs);
  if (verdict === "failure") return { ...rolled, failures: rolled.failures + 1 };
  if (verdict === "success") return { ...rolled, successes: rolled.successes + 1 };
  return rolled;
}

function opened(nowMs: number, cooldownMs: number): Circuit {
  return { state: "open", openedAtMs: nowMs, cooldownMs, probeAtMs: nowMs + cooldownMs };
}

/**
 * Applies one finished attempt. A probe's result decides a half-open circuit: anything but a failure
 * closes it (the caller starts the recovery ramp), a failure re-opens it with the cooldown doubled.
 * Attempts that were already in flight when the circuit opened only count in the window.
 */
export function recordVerdict(
  state: { circuit: Circuit; window: FailureWindow },
  verdict: Verdict,
  isProbe: boolean,
  nowMs: number,
  config: CircuitConfig,
): { circuit: Circuit; window: FailureWindow; transition: CircuitTransition } {
  const window = count(state.window, verdict, nowMs, config.windowMs);
  const { circuit } = state;
  if (circuit.state !== "closed") {
    if (!isProbe) return { circuit, window, transition: null };
    if (verdict === "failure") return { circuit: opened(nowMs, Math.min(circuit.cooldownMs * 2, config.maxCooldownMs)), window, transition: "probe_failed" };
    return { circuit: { state: "closed" }, window: EMPTY_WINDOW, transition: "closed" };
  }
  const totals = windowTotals(window, nowMs, config.windowMs);
  if (verdict === "failure" && totals.attempts >= config.minAttempts && totals.failures >= totals.attempts * config.failureRatio)
    return { circuit: opened(nowMs, config.cooldownMs), window, transition: "opened" };
  return { circuit, window, transition: null };
}
