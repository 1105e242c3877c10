import { describe, expect, it } from "vitest";
import { adjustConcurrency, effectiveConcurrency } from "./adaptive-concurrency";

describe("adjustConcurrency", () => {
  it.each<[string, number | null, number, { congested: number; successes: number }, number | null]>([
    // Multiplicative decrease: halved, floored, never below 1.
    ["congestion at the cap halves it", null, 10, { congested: 1, successes: 0 }, 5],
    ["congestion at an odd cap floors", null, 9, { congested: 1, successes: 0 }, 4],
    ["congestion halves a lowered limit", 6, 10, { congested: 1, successes: 0 }, 3],
    ["congestion floors a fractional limit", 7.9, 10, { congested: 1, successes: 0 }, 3],
    ["congestion at 3 gives 1", 3, 10, { congested: 1, successes: 0 }, 1],
    ["congestion at 1 stays at 1", 1, 10, { congested: 1, successes: 0 }, 1],
    ["congestion at 1.5 stays at 1", 1.5, 10, { congested: 1, successes: 0 }, 1],
    ["several congestion signals in one batch halve once", null, 10, { congested: 4, successes: 0 }, 5],
    ["congestion wins over successes in the same batch", 8, 10, { congested: 1, successes: 50 }, 4],
    ["a stored limit above the cap counts as the cap", 20, 10, { congested: 1, successes: 0 }, 5],
    // Additive increase: +1 per `current` successes.
    ["4 successes at 4 add one", 4, 10, { congested: 0, successes: 4 }, 5],
    ["2 successes at 4 add a half", 4, 10, { congested: 0, successes: 2 }, 4.5],
    ["10 successes at 5 add two", 5, 10, { congested: 0, successes: 10 }, 7],
    ["1 success at 1 adds one", 1, 10, { congested: 0, successes: 1 }, 2],
    ["a fractional limit grows by successes / limit", 4.5, 10, { congested: 0, successes: 9 }, 6.5],
    ["no successes leave it", 4, 10, { congested: 0, successes: 0 }, 4],
    ["just below the cap stays a number", 9, 10, { congested: 0, successes: 8 }, 9 + 8 / 9],
    // The cap reached: null again.
    ["reaching the cap exactly gives null", 9, 10, { congested: 0, successes: 9 }, null],
    ["passing the cap gives null", 9.5, 10, { congested: 0, successes: 5 }, null],
    ["at the cap with nothing happening: null", null, 10, { congested: 0, successes: 0 }, null],
    ["at the cap with successes: null", null, 10, { congested: 0, successes: 100 }, null],
    ["a stored limit at the cap: null", 10, 10, { congested: 0, successes: 0 }, null],
    ["a stored limit above a lowered cap: null", 12, 10, { congested: 0, successes: 0 }, null],
    ["a cap of 1 with nothing happening: null", 1, 1, { congested: 0, successes: 0 }, null],
  ])("%s", (_, limit, cap, signals, expected) => {
    const result = adjustConcurrency(limit, cap, signals);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(expected, 12);
  });

  // The doc comment: "the result is null again once the cap is reached". Halving a cap of 1 gives 1,
  // which is the cap, but comes back as 1 (so the caller keeps counting in-flight deliveries for an
  // endpoint that is not held below its cap).
  it("congestion at a cap of 1 is still the cap: null", () => {
    expect(adjustConcurrency(null, 1, { congested: 1, successes: 0 })).toBeNull();
  });

  it("halves on congestion, then grows back one per round of `current` successes to the cap", () => {
    const cap = 10;
    let limit = adjustConcurrency(null, cap, { congested: 1, successes: 0 });
    const trace = [limit];
    while (limit !== null) {
      limit = adjustConcurrency(limit, cap, { congested: 0, successes: limit });
      trace.push(limit);
    }
    expect(trace).toEqual([5, 6, 7, 8, 9, null]);
  });

  it("repeated congestion bottoms out at 1", () => {
    let limit: number | null = null;
    for (let i = 0; i < 10; i++) limit = adjustConcurrency(limit, 64, { congested: 1, successes: 0 });
    expect(limit).toBe(1);
  });
});

describe("effectiveConcurrency", () => {
  it.each<[string, number | null, number, number]>([
    ["no limit: the cap", null, 10, 10],
    ["a whole limit", 4, 10, 4],
    ["a fractional limit floors", 4.9, 10, 4],
    ["below 1 still allows one", 0.5, 10, 1],
    ["zero still allows one", 0, 10, 1],
    ["a limit at the cap", 10, 10, 10],
    ["a limit above the cap is clamped", 15, 10, 10],
    ["a cap of 1", null, 1, 1],
    ["a fractional limit just below the cap", 9.99, 10, 9],
  ])("%s", (_, limit, cap, expected) => {
    expect(effectiveConcurrency(limit, cap)).toBe(expected);
  });
});
