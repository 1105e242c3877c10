// How fast one endpoint may be sent to: its own rate limit and, after an outage, the recovery ramp
// r(t) = H·(1 − e^(−t/τ)) (DESIGN §5). Deliveries are scheduled to slots with GCRA: each slot is the
// previous one plus 1/rate, the rate read at the slot's own time, so while the ramp rises every
// interval is a little longer than the curve allows and the count in any window stays under it.
// Pure: time comes in as numbers.

export type Ramp = { startedAtMs: number; targetRate: number };
export type Pace = { limitPerSecond: number | null; ramp: Ramp | null };
export type RampConfig = {
  tauMs: number;
  /** The slowest a ramp sends (per second), so recovery starts at once instead of at r(0) = 0. */
  floorRate: number;
  /** H when the endpoint has no history of its own (per second). */
  defaultTarget: number;
};

/**
 * After 5τ the curve is within 0.7 % of H. The ramp ends there only once its backlog has drained (the
 * caller checks the booked slots): until then slots keep coming at H, never in one burst.
 */
const RAMP_LENGTH_IN_TAU = 5;

export function rampRate(ramp: Ramp, atMs: number, config: RampConfig): number {
  const t = Math.max(0, atMs - ramp.startedAtMs);
  const curve = ramp.targetRate * (1 - Math.exp(-t / config.tauMs));
  return Math.max(curve, Math.min(config.floorRate, ramp.targetRate));
}

export function rampEnded(ramp: Ramp, nowMs: number, config: RampConfig): boolean {
  return nowMs - ramp.startedAtMs >= RAMP_LENGTH_IN_TAU * config.tauMs;
}

/** Deliveries per second allowed at `atMs`; null when nothing limits the endpoint. */
export function allowedRate(pace: Pace, atMs: number, config: RampConfig): number | null {
  const ramp = pace.ramp ? rampRate(pace.ramp, atMs, config) : null;
  if (ramp === null) return pace.limitPerSecond;
  return pace.limitPerSecond === null ? ramp : Math.min(ramp, pace.limitPerSecond);
}

/** H for a new ramp: the endpoint's best observed rate, or a default; never above its own limit. */
export function rampTarget(peakRate: number, limitPerSecond: number | null, config: RampConfig): number {
  const target = peakRate > 0 ? Math.max(peakRate, config.floorRate) : config.defaultTarget;
  return limitPerSecond === null ? target : Math.min(target, limitPerSecond);
}

/**
 * GCRA: the next free slot at or after now, and the arrival time after it. `tatMs` null means no
 * slot is taken yet. Returns a null tat when nothing limits the endpoint (no state to keep).
 */
export function reserveSlot(tatMs: number | null, nowMs: number, pace: Pace, config: RampConfig): { slotMs: number; tatMs: number | null } {
  const slotMs = Math.max(tatMs ?? nowMs, nowMs);
  const rate = allowedRate(pace, slotMs, config);
  if (rate === null) return { slotMs: nowMs, tatMs: null };
  return { slotMs, tatMs: slotMs + 1000 / rate };
}

/**
 * Slots for up to `count` deliveries in order, none further ahead than `horizonMs` from now (the rest
 * wait for a later booking). Returns the new arrival time; null when nothing paces the endpoint.
 */
export function bookSlots(
  tatMs: number | null,
  count: number,
  nowMs: number,
  pace: Pace,
  config: RampConfig,
  horizonMs = Number.POSITIVE_INFINITY,
): { slots: number[]; tatMs: number | null } {
  const slots: number[] = [];
  let tat = tatMs;
  while (slots.length < count) {
    const slot = reserveSlot(tat, nowMs, pace, config);
    if (slot.slotMs > nowMs + horizonMs) break;
    slots.push(slot.slotMs);
    tat = slot.tatMs;
  }
  return { slots, tatMs: tat };
}

/** Successes counted in 10-second windows; the best window's rate is the endpoint's healthy rate H. */
export const PEAK_WINDOW_MS = 10_000;
export type PeakTracker = { windowStartedAtMs: number | null; windowSuccesses: number; peakRate: number };

export function trackPeak(tracker: PeakTracker, successes: number, nowMs: number): PeakTracker {
  if (successes === 0) return tracker;
  const fresh = tracker.windowStartedAtMs === null || nowMs - tracker.windowStartedAtMs >= PEAK_WINDOW_MS;
  const windowStartedAtMs = fresh ? nowMs : (tracker.windowStartedAtMs as number);
  const windowSuccesses = (fresh ? 0 : tracker.windowSuccesses) + successes;
  return { windowStartedAtMs, windowSuccesses, peakRate: Math.max(tracker.peakRate, windowSuccesses / (PEAK_WINDOW_MS / 1000)) };
}
