// Per-tenant ingest rate limit as a continuously refilling token bucket: bursts up to `burst`, a steady
// `ratePerSecond` after that. Pure: the caller loads and stores the state and passes the clock in.

export type BucketState = { tokens: number; updatedAtMs: number };

export type BucketConfig = { ratePerSecond: number; burst: number };

export type BucketDecision =
  | { allowed: true; state: BucketState; remaining: number; resetMs: number }
  | { allowed: false; state: BucketState; remaining: 0; retryAfterMs: number; resetMs: number };

/**
 * Takes `cost` tokens if they are there. A refused request takes nothing, so waiting `retryAfterMs` is
 * enough. A cost above `burst` could never be served and is a caller error (reject such a batch as too
 * large instead of asking the client to retry forever).
 */
export function takeToken(state: BucketState | undefined, config: BucketConfig, nowMs: number, cost = 1): BucketDecision {
  assertValid(config, cost);
  const refilled = refill(state, config, nowMs);
  const msFor = (tokens: number) => Math.ceil((tokens / config.ratePerSecond) * 1000);
  if (refilled.tokens >= cost) {
    const after = { tokens: refilled.tokens - cost, updatedAtMs: refilled.updatedAtMs };
    return { allowed: true, state: after, remaining: Math.floor(after.tokens), resetMs: msFor(config.burst - after.tokens) };
  }
  return {
    allowed: false,
    state: refilled,
    remaining: 0,
    retryAfterMs: Math.max(1, msFor(cost - refilled.tokens)),
    resetMs: msFor(config.burst - refilled.tokens),
  };
}

function refill(state: BucketState | undefined, config: BucketConfig, nowMs: number): BucketState {
  if (!state) return { tokens: config.burst, updatedAtMs: nowMs };
  // A clock that stepped back (another worker, NTP) refills nothing rather than draining the bucket, and
  // keeps the later timestamp so the same interval is not counted twice once time catches up.
  const elapsedMs = Math.max(0, nowMs - state.updatedAtMs);
  const tokens = Math.min(config.burst, Math.max(0, state.tokens) + (elapsedMs / 1000) * config.ratePerSecond);
  return { tokens, updatedAtMs: Math.max(nowMs, state.updatedAtMs) };
}

function assertValid(config: BucketConfig, cost: number): void {
  const { ratePerSecond, burst } = config;
  if (!(ratePerSecond > 0 && Number.isFinite(ratePerSecond))) throw new RangeError(`ratePerSecond must be > 0, got ${ratePerSecond}`);
  if (!(burst >= 1 && Number.isFinite(burst))) throw new RangeError(`burst must be ≥ 1, got ${burst}`);
  if (!(cost >= 0 && cost <= burst)) throw new RangeError(`cost must be between 0 and the burst (${burst}), got ${cost}`);
}
