import { describe, expect, it } from "vitest";
import { type BucketDecision, type BucketState, takeToken } from "./token-bucket";

const CONFIG = { ratePerSecond: 10, burst: 20 };
const T0 = 1_700_000_000_000;
const at = (tokens: number, updatedAtMs = T0): BucketState => ({ tokens, updatedAtMs });

describe("takeToken", () => {
  it.each<[string, BucketState | undefined, number, number, BucketDecision]>([
    ["a new tenant starts with a full bucket", undefined, T0, 1, { allowed: true, state: at(19), remaining: 19, resetMs: 100 }],
    ["a new tenant may spend the whole burst", undefined, T0, 20, { allowed: true, state: at(0), remaining: 0, resetMs: 2_000 }],
    ["a full bucket stays full while idle", at(20, T0 - 60_000), T0, 1, { allowed: true, state: at(19), remaining: 19, resetMs: 100 }],
    ["the last token", at(1), T0, 1, { allowed: true, state: at(0), remaining: 0, resetMs: 2_000 }],
    ["refills at the rate", at(0, T0 - 500), T0, 1, { allowed: true, state: at(4), remaining: 4, resetMs: 1_600 }],
    ["refill caps at the burst", at(5, T0 - 10_000), T0, 1, { allowed: true, state: at(19), remaining: 19, resetMs: 100 }],
    ["a fractional balance rounds remaining down", at(0, T0 - 150), T0, 1, { allowed: true, state: at(0.5), remaining: 0, resetMs: 1_950 }],
    ["cost 0 only looks", at(3), T0, 0, { allowed: true, state: at(3), remaining: 3, resetMs: 1_700 }],
    ["cost 0 on an empty bucket", at(0), T0, 0, { allowed: true, state: at(0), remaining: 0, resetMs: 2_000 }],
    ["a batch", at(10), T0, 4, { allowed: true, state: at(6), remaining: 6, resetMs: 1_400 }],
    ["empty: refused until one token refills", at(0), T0, 1, { allowed: false, state: at(0), remaining: 0, retryAfterMs: 100, resetMs: 2_000 }],
    ["half a token: refused for the other half", at(0.5), T0, 1, { allowed: false, state: at(0.5), remaining: 0, retryAfterMs: 50, resetMs: 1_950 }],
    ["a batch larger than the balance", at(3), T0, 5, { allowed: false, state: at(3), remaining: 0, retryAfterMs: 200, resetMs: 1_700 }],
    ["a batch of the whole burst on an empty bucket", at(0), T0, 20, { allowed: false, state: at(0), remaining: 0, retryAfterMs: 2_000, resetMs: 2_000 }],
    ["almost enough still waits at least 1 ms", at(0.99999), T0, 1, { allowed: false, state: at(0.99999), remaining: 0, retryAfterMs: 1, resetMs: 1_901 }],
    ["a clock that stepped back refills nothing", at(2, T0 + 5_000), T0, 1, { allowed: true, state: at(1, T0 + 5_000), remaining: 1, resetMs: 1_900 }],
    ["a negative stored balance counts as empty", at(-3), T0, 1, { allowed: false, state: at(0), remaining: 0, retryAfterMs: 100, resetMs: 2_000 }],
  ])("%s", (_, state, nowMs, cost, expected) => {
    expect(takeToken(state, CONFIG, nowMs, cost)).toEqual(expected);
  });

  it("defaults the cost to one token", () => {
    expect(takeToken(at(5), CONFIG, T0)).toMatchObject({ allowed: true, remaining: 4 });
  });

  it("admits exactly burst + rate × time over a steady stream", () => {
    let state: BucketState | undefined;
    let admitted = 0;
    for (let ms = 0; ms < 10_000; ms += 10) {
      const decision = takeToken(state, CONFIG, T0 + ms);
      state = decision.state;
      if (decision.allowed) admitted++;
    }
    // 20 up front plus 10/s over the 9.99 s after the first request.
    expect(admitted).toBe(20 + 99);
  });

  it("serves a refused request once its retryAfterMs has passed", () => {
    const config = { ratePerSecond: 3, burst: 5 };
    let state = takeToken(undefined, config, T0, 5).state;
    for (const cost of [1, 2, 5, 1, 3]) {
      const refused = takeToken(state, config, T0, cost);
      if (refused.allowed) throw new Error("expected a refusal");
      expect(takeToken(refused.state, config, T0 + refused.retryAfterMs - 1, cost).allowed).toBe(false);
      const served = takeToken(refused.state, config, T0 + refused.retryAfterMs, cost);
      expect(served.allowed).toBe(true);
      state = { tokens: 0, updatedAtMs: T0 };
    }
  });

  it("is full again after resetMs", () => {
    const config = { ratePerSecond: 7, burst: 9 };
    const drained = takeToken(undefined, config, T0, 9);
    const later = takeToken(drained.state, config, T0 + drained.resetMs, 0);
    expect(later.state.tokens).toBe(9);
    expect(later.resetMs).toBe(0);
  });

  it.each([
    [{ ratePerSecond: 0, burst: 10 }, 1, /ratePerSecond/],
    [{ ratePerSecond: -1, burst: 10 }, 1, /ratePerSecond/],
    [{ ratePerSecond: Number.NaN, burst: 10 }, 1, /ratePerSecond/],
    [{ ratePerSecond: Number.POSITIVE_INFINITY, burst: 10 }, 1, /ratePerSecond/],
    [{ ratePerSecond: 1, burst: 0 }, 1, /burst/],
    [{ ratePerSecond: 1, burst: 0.5 }, 0, /burst/],
    [{ ratePerSecond: 1, burst: Number.NaN }, 1, /burst/],
    [{ ratePerSecond: 1, burst: 10 }, 11, /cost/],
    [{ ratePerSecond: 1, burst: 10 }, -1, /cost/],
    [{ ratePerSecond: 1, burst: 10 }, Number.NaN, /cost/],
  ])("rejects %o with cost %d", (config, cost, message) => {
    expect(() => takeToken(undefined, config, T0, cost)).toThrow(message);
  });
});
