// Rate checks over request arrival times, shared by the rate-limit and replay tests and the bench.

/**
 * The 1 s window (by default) with the most requests, windows starting at every request (the strictest
 * reading of "any 1 s window"): where it starts (the first request's time) and how many it holds.
 */
export function busiestWindow(times: readonly number[], windowMs = 1_000): { start: number; count: number } {
  const sorted = [...times].sort((a, b) => a - b);
  let best = { start: sorted[0] ?? Number.NaN, count: 0 };
  for (let start = 0, end = 0; start < sorted.length; start++) {
    while (end < sorted.length && (sorted[end] as number) < (sorted[start] as number) + windowMs) end++;
    if (end - start > best.count) best = { start: sorted[start] as number, count: end - start };
  }
  return best;
}

/** Requests in the busiest window. */
export const maxInAnyWindow = (times: readonly number[], windowMs = 1_000): number => busiestWindow(times, windowMs).count;
