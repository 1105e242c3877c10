// When to try a failed delivery again: the schedule with jitter (so a recovered endpoint is not hit by
// every retry at once) and the receiver's Retry-After. Pure: time and randomness are parameters.

/** A receiver may slow us down, but not park a delivery for longer than a day per attempt. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export type RetryDecision = { kind: "retry"; delayMs: number } | { kind: "exhausted" };

export type RetryInput = {
  /** Attempts already made, including the one that just failed (1 after the first attempt). */
  attemptsMade: number;
  scheduleMs: readonly number[];
  /** Relative spread, e.g. 0.2 for ±20 %. */
  jitter: number;
  /** Uniform in [0, 1). */
  random: number;
  retryAfterMs?: number;
};

export function nextRetryDelay(input: RetryInput): RetryDecision {
  const { attemptsMade, scheduleMs, jitter, random, retryAfterMs } = input;
  if (!Number.isSafeInteger(attemptsMade) || attemptsMade < 1) throw new RangeError(`attemptsMade must be ≥ 1, got ${attemptsMade}`);
  const base = scheduleMs[attemptsMade - 1];
  if (base === undefined) return { kind: "exhausted" };
  const scheduled = Math.max(0, Math.round(base * (1 + jitter * (2 * random - 1))));
  // Retry-After may only lengthen the wait, and only up to the cap; a schedule step longer than the cap stays.
  const requested = retryAfterMs === undefined ? 0 : Math.min(Math.max(0, Math.round(retryAfterMs)), MAX_RETRY_AFTER_MS);
  return { kind: "retry", delayMs: Math.max(scheduled, requested) };
}

const DELAY_SECONDS = /^\d+$/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const TIME = String.raw`(\d{2}):(\d{2}):(\d{2})`;
// RFC 9110 §5.6.7: IMF-fixdate, plus the obsolete RFC 850 and asctime forms recipients must still accept.
const IMF_FIXDATE = new RegExp(String.raw`^(?:mon|tue|wed|thu|fri|sat|sun), (\d{2}) ([a-z]{3}) (\d{4}) ${TIME} gmt$`);
const RFC850 = new RegExp(String.raw`^(?:mon|tues|wednes|thurs|fri|satur|sun)day, (\d{2})-([a-z]{3})-(\d{2}) ${TIME} gmt$`);
const ASCTIME = new RegExp(String.raw`^(?:mon|tue|wed|thu|fri|sat|sun) ([a-z]{3}) ([ \d]\d) ${TIME} (\d{4})$`);

/** Milliseconds to wait from a Retry-After value, or undefined when the value is not one. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  const text = value?.trim().toLowerCase();
  if (!text) return undefined;
  if (DELAY_SECONDS.test(text)) return clamp(Number(text) * 1000);
  const dateMs = parseHttpDate(text, nowMs);
  return dateMs === undefined ? undefined : clamp(dateMs - nowMs);
}

function clamp(ms: number): number {
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

function parseHttpDate(text: string, nowMs: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return toEpochMs(Number(m[3]), m[2]!, m[1]!, m.slice(4, 7));
  m = RFC850.exec(text);
  if (m) return toEpochMs(fullYear(Number(m[3]), nowMs), m[2]!, m[1]!, m.slice(4, 7));
  m = ASCTIME.exec(text);
  if (m) return toEpochMs(Number(m[6]), m[1]!, m[2]!, m.slice(3, 6));
  return undefined;
}

// RFC 9110: a two-digit year more than 50 years in the future means the most recent past such year,
// so the year lands in (now − 50, now + 50].
function fullYear(twoDigits: number, nowMs: number): number {
  const currentYear = new Date(nowMs).getUTCFullYear();
  const candidate = currentYear - (currentYear % 100) + twoDigits;
  if (candidate > currentYear + 50) return candidate - 100;
  return candidate <= currentYear - 50 ? candidate + 100 : candidate;
}

function toEpochMs(year: number, monthName: string, dayText: string, time: string[]): number | undefined {
  const month = MONTHS.indexOf(monthName);
  const day = Number(dayText);
  const [hour, minute, second] = time.map(Number) as [number, number, number];
  if (month < 0 || hour > 23 || minute > 59 || second > 60) return undefined;
  // Date.UTC silently rolls 31 Feb into March; a date that does not exist is garbage, not a delay.
  const midnight = new Date(Date.UTC(year, month, day));
  if (midnight.getUTCMonth() !== month || midnight.getUTCDate() !== day) return undefined;
  // A leap second (:60) rolls into the next minute, which is close enough for a delay.
  return midnight.getTime() + ((hour * 60 + minute) * 60 + second) * 1000;
}
