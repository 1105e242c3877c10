// Replays (DESIGN §5 "replay drip mode"): which deliveries may be replayed, when a replay waits for
// its endpoint, the slots it drips at, what a claim does with a replay's job, and what one replay
// attempt decides. Pure: time comes in as numbers.
import type { DeliveryDecision } from "./delivery-decision";

/** Settled deliveries; anything else is already on its way (or held until its endpoint recovers). */
export const REPLAYABLE_STATUSES = ["failed", "delivered", "cancelled"] as const;
export type ReplayableStatus = (typeof REPLAYABLE_STATUSES)[number];

export function isReplayable(status: string): status is ReplayableStatus {
  return (REPLAYABLE_STATUSES as readonly string[]).includes(status);
}

export type ReplayBlock = "endpoint_disabled" | "circuit_open" | null;

/** Scheduled items a replay may have waiting at once: its rate over the horizon, at least one. */
export function replayBacklogLimit(ratePerSecond: number, horizonMs: number): number {
  return Math.max(1, Math.ceil((ratePerSecond * horizonMs) / 1000));
}

/**
 * How long a blocked replay waits before looking again: 2 s at first, then a quarter of the time it
 * has been blocked, up to 30 s (a replay on an endpoint disabled for days costs next to nothing).
 */
export function blockedRecheckMs(blockedForMs: number): number {
  return Math.min(30_000, Math.max(2_000, Math.floor(blockedForMs / 4)));
}

/** A replay waits (schedules nothing) while its endpoint may not be sent to. */
export function replayBlock(endpoint: { enabled: boolean; circuitState: string }): ReplayBlock {
  if (!endpoint.enabled) return "endpoint_disabled";
  return endpoint.circuitState === "closed" ? null : "circuit_open";
}

/**
 * The next slots of a replay within `horizonMs` of now, `1/rate` apart, where the rate is the
 * replay's own, lowered to what the endpoint allows now (rate limit, recovery ramp) so its deliveries
 * are not bounced at the claim. A replay that fell behind (paused, blocked, a late tick) restarts at
 * now: it never catches up in a burst.
 */
export function replaySlots(input: {
  nextSlotAtMs: number | null;
  nowMs: number;
  replayRate: number;
  endpointRate: number | null;
  horizonMs: number;
  /** At most this many; the tick passes what its backlog of scheduled items leaves room for. */
  max: number;
}): { slots: number[]; gapMs: number; nextSlotAtMs: number } {
  const rate = Math.min(input.replayRate, input.endpointRate ?? Number.POSITIVE_INFINITY);
  const gapMs = 1000 / rate;
  const start = Math.max(input.nextSlotAtMs ?? input.nowMs, input.nowMs);
  const slots: number[] = [];
  for (let at = start; slots.length < input.max && at <= input.nowMs + input.horizonMs; at += gapMs) slots.push(at);
  return { slots, gapMs, nextSlotAtMs: start + slots.length * gapMs };
}

export type ReplayPace = { kind: "go" } | { kind: "wait"; atMs: number };
export type ReplayPaceConfig = { ratePerSecond: number; toleranceMs: number };

/**
 * GCRA's burst tolerance τ for a replay. Any 1 s window then holds at most floor((1 s + τ) × rate) + 1
 * requests. Up to 10/s, τ is half an interval: exactly rate + 1. Faster, τ is 100 ms (at most 10 %
 * over), because jobs are fetched about every 50 ms and a tighter τ would send most of them back to
 * the queue, slowing the replay down instead of smoothing it.
 */
export function replayPaceTolerance(ratePerSecond: number): ReplayPaceConfig {
  const gapMs = 1000 / ratePerSecond;
  return { ratePerSecond, toleranceMs: gapMs >= 100 ? gapMs / 2 : 100 };
}

/**
 * GCRA over a replay's own rate, applied at the claim (the replay row is locked there, so every
 * worker agrees): a due delivery goes when the replay's arrival time is at most τ ahead of now,
 * pushing it on by 1/rate; the rest wait, each to the time its turn should come. Nothing is booked,
 * so jobs that were held up (a busy queue, a stalled worker) and come due together never go out
 * together: at most τ's worth of them passes at once.
 */
export function paceReplay(count: number, tatMs: number | null, nowMs: number, config: ReplayPaceConfig): { decisions: ReplayPace[]; tatMs: number | null } {
  const gapMs = 1000 / config.ratePerSecond;
  let tat = tatMs ?? nowMs;
  let waiting = 0;
  const decisions = Array.from({ length: count }, (): ReplayPace => {
    const slot = Math.max(tat, nowMs);
    if (slot > nowMs + config.toleranceMs) return { kind: "wait", atMs: slot - config.toleranceMs + waiting++ * gapMs };
    tat = slot + gapMs;
    return { kind: "go" };
  });
  return { decisions, tatMs: count ? tat : tatMs };
}

export type ReplayItemState = "waiting" | "scheduled" | "sending" | "delivered" | "failed" | "skipped" | "cancelled";

/**
 * What a claim does with a replay's deliver job:
 * - attempt: the delivery goes through the endpoint's gates as a replay;
 * - follow: the item is already in flight (a lapsed claim coming back): the delivery row carries the
 *   replay, so it is claimed like any other delivery;
 * - skip: the delivery got busy meanwhile (a retry, another replay, held): counted as skipped;
 * - requeue: the replay was paused while this job was queued: the item waits again;
 * - cancel: the replay was cancelled while this job was queued;
 * - drop: the item is not this job's any more (put back by a pause, cancelled, finished).
 */
export type ReplayClaimDecision = "attempt" | "follow" | "skip" | "requeue" | "cancel" | "drop";

export function decideReplayClaim(input: { itemState: ReplayItemState; replayState: string; deliveryStatus: string }): ReplayClaimDecision {
  if (input.itemState === "sending") return "follow";
  if (input.itemState !== "scheduled") return "drop";
  if (input.replayState === "cancelled") return "cancel";
  if (input.replayState !== "running") return "requeue";
  return isReplayable(input.deliveryStatus) ? "attempt" : "skip";
}

/**
 * A replay is one attempt per delivery: a retryable failure ends the delivery as failed again (the
 * replay counts it) instead of starting a new 3-day retry schedule the customer did not ask for.
 */
export function replayOutcome(decision: DeliveryDecision): DeliveryDecision {
  if (decision.status !== "retrying") return decision;
  return { status: "failed", reason: `replay attempt failed: ${decision.reason}`, disableEndpoint: null };
}
