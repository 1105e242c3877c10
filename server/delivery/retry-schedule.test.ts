import { describe, expect, it } from "vitest";
import { MAX_RETRY_AFTER_MS, nextRetryDelay, parseRetryAfter } from "./retry-schedule";

const SCHEDULE = [5_000, 300_000, 1_800_000];
const HOUR = 3_600_000;

describe("nextRetryDelay", () => {
  it.each([
    // attemptsMade, jitter, random, retryAfterMs, expected
    [1, 0, 0.5, undefined, { kind: "retry", delayMs: 5_000 }],
    [2, 0, 0.5, undefined, { kind: "retry", delayMs: 300_000 }],
    [3, 0, 0.5, undefined, { kind: "retry", delayMs: 1_800_000 }],
    [4, 0, 0.5, undefined, { kind: "exhausted" }],
    [10, 0.2, 0.1, 60_000, { kind: "exhausted" }],
    [1, 0.2, 0, undefined, { kind: "retry", delayMs: 4_000 }],
    [1, 0.2, 0.5, undefined, { kind: "retry", delayMs: 5_000 }],
    [1, 0.2, 0.75, undefined, { kind: "retry", delayMs: 5_500 }],
    [1, 0.2, 0.9999999, undefined, { kind: "retry", delayMs: 6_000 }],
    [2, 0.2, 0.123, undefined, { kind: "retry", delayMs: 254_760 }],
    [1, 0.2, 0.3333, undefined, { kind: "retry", delayMs: 4_667 }],
    // Retry-After lengthens the wait, never shortens it.
    [1, 0, 0.5, 60_000, { kind: "retry", delayMs: 60_000 }],
    [2, 0, 0.5, 60_000, { kind: "retry", delayMs: 300_000 }],
    [1, 0.2, 0, 4_500, { kind: "retry", delayMs: 4_500 }],
    [1, 0.2, 0.9999999, 4_500, { kind: "retry", delayMs: 6_000 }],
    [1, 0, 0.5, 0, { kind: "retry", delayMs: 5_000 }],
    [1, 0, 0.5, 5_000.4, { kind: "retry", delayMs: 5_000 }],
    // …and only up to the cap.
    [1, 0, 0.5, 48 * HOUR, { kind: "retry", delayMs: MAX_RETRY_AFTER_MS }],
    [1, 0, 0.5, Number.POSITIVE_INFINITY, { kind: "retry", delayMs: MAX_RETRY_AFTER_MS }],
  ] as const)("attempt %i, jitter %d, random %d, Retry-After %s → %o", (attemptsMade, jitter, random, retryAfterMs, expected) => {
    expect(nextRetryDelay({ attemptsMade, scheduleMs: SCHEDULE, jitter, random, retryAfterMs })).toEqual(expected);
  });

  it("keeps a schedule step longer than the Retry-After cap", () => {
    expect(nextRetryDelay({ attemptsMade: 1, scheduleMs: [30 * HOUR], jitter: 0, random: 0, retryAfterMs: 48 * HOUR })).toEqual({
      kind: "retry",
      delayMs: 30 * HOUR,
    });
  });

  it.each([
    [[], 1],
    [[0], 2],
  ])("is exhausted with schedule %j after %i attempts", (scheduleMs, attemptsMade) => {
    expect(nextRetryDelay({ attemptsMade, scheduleMs, jitter: 0.2, random: 0.5 })).toEqual({ kind: "exhausted" });
  });

  it("allows an immediate retry from a zero step", () => {
    expect(nextRetryDelay({ attemptsMade: 1, scheduleMs: [0], jitter: 0.2, random: 0 })).toEqual({ kind: "retry", delayMs: 0 });
  });

  it("never goes negative with a jitter above 1", () => {
    expect(nextRetryDelay({ attemptsMade: 1, scheduleMs: [1_000], jitter: 2, random: 0 })).toEqual({ kind: "retry", delayMs: 0 });
  });

  it.each([0, -1, 1.5, Number.NaN])("rejects attemptsMade %d", (attemptsMade) => {
    expect(() => nextRetryDelay({ attemptsMade, scheduleMs: SCHEDULE, jitter: 0, random: 0 })).toThrow(RangeError);
  });

  it("stays within ± jitter of every step of the default schedule", () => {
    const schedule = [5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 504e5, 72e6, 864e5];
    for (const [i, step] of schedule.entries()) {
      for (const random of [0, 0.25, 0.5, 0.75, 0.999999]) {
        const decision = nextRetryDelay({ attemptsMade: i + 1, scheduleMs: schedule, jitter: 0.2, random });
        if (decision.kind !== "retry") throw new Error("expected a retry");
        expect(decision.delayMs).toBeGreaterThanOrEqual(step * 0.8);
        expect(decision.delayMs).toBeLessThanOrEqual(step * 1.2);
        expect(Number.isInteger(decision.delayMs)).toBe(true);
      }
    }
    expect(nextRetryDelay({ attemptsMade: schedule.length + 1, scheduleMs: schedule, jitter: 0.2, random: 0.5 })).toEqual({ kind: "exhausted" });
  });
});

describe("parseRetryAfter", () => {
  const NOW = Date.UTC(1994, 10, 6, 8, 49, 0); // Sun, 06 Nov 1994 08:49:00 GMT

  it.each([
    ["0", 0],
    ["1", 1_000],
    ["120", 120_000],
    [" 30 ", 30_000],
    ["007", 7_000],
    ["86400", MAX_RETRY_AFTER_MS],
    ["86401", MAX_RETRY_AFTER_MS],
    ["999999999999999999999999", MAX_RETRY_AFTER_MS],
    ["9".repeat(400), MAX_RETRY_AFTER_MS],
    // IMF-fixdate, the preferred form
    ["Sun, 06 Nov 1994 08:49:37 GMT", 37_000],
    ["sun, 06 nov 1994 08:49:37 gmt", 37_000],
    ["Sun, 06 Nov 1994 09:49:00 GMT", 3_600_000],
    ["Mon, 07 Nov 1994 08:49:00 GMT", MAX_RETRY_AFTER_MS],
    ["Tue, 08 Nov 1994 08:49:00 GMT", MAX_RETRY_AFTER_MS],
    ["Sun, 06 Nov 1994 08:49:00 GMT", 0],
    ["Sun, 06 Nov 1994 08:48:00 GMT", 0],
    ["Thu, 01 Jan 1970 00:00:00 GMT", 0],
    ["Sun, 06 Nov 1994 08:49:60 GMT", 60_000],
    // obsolete RFC 850 and asctime forms
    ["Sunday, 06-Nov-94 08:49:37 GMT", 37_000],
    ["Sunday, 06-Nov-93 08:49:37 GMT", 0],
    ["Sun Nov  6 08:49:37 1994", 37_000],
    ["Sun Nov 06 08:50:00 1994", 60_000],
  ])("%j → %i ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each([
    undefined,
    "",
    "   ",
    "-1",
    "1.5",
    "+5",
    "1e3",
    "0x10",
    "soon",
    "5s",
    "1994-11-06T08:49:37Z",
    "Sun, 06 Nov 1994 08:49:37",
    "Sun, 06 Nov 1994 08:49:37 UTC",
    "Sun, 06 Nov 1994 08:49:37 +0000",
    "Sun, 6 Nov 1994 08:49:37 GMT",
    "Sun, 06 Foo 1994 08:49:37 GMT",
    "Sun, 31 Feb 1994 08:49:37 GMT",
    "Sun, 00 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 24:00:00 GMT",
    "Sun, 06 Nov 1994 08:60:00 GMT",
    "Sun, 06 Nov 1994 08:49:61 GMT",
    "Xyz, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-1994 08:49:37 GMT",
    "Sun Nov 6 08:49:37 1994",
    "Sun, 06 Nov 1994 08:49:37 GMT garbage",
  ])("rejects %j", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it.each([
    // now, two-digit year, resolved year: more than 50 years ahead means the previous century
    [Date.UTC(2026, 0, 1), "Saturday, 01-Jan-77 00:00:00 GMT", 0],
    [Date.UTC(2026, 0, 1), "Thursday, 01-Jan-76 00:00:00 GMT", MAX_RETRY_AFTER_MS],
    [Date.UTC(2026, 0, 1), "Thursday, 01-Jan-26 00:00:10 GMT", 10_000],
    [Date.UTC(2060, 0, 1), "Monday, 01-Jan-60 00:00:10 GMT", 10_000],
    [Date.UTC(2099, 11, 31, 23, 59, 59), "Friday, 01-Jan-00 00:00:00 GMT", 1_000],
  ])("resolves RFC 850 two-digit years relative to now (%#)", (now, value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});
