// Attempt latencies as a fixed-bucket histogram, and the per-endpoint, per-minute counters the health
// API reads (table endpoint_stats). Pure: the bounds never change at run time, so a minute's buckets
// add element-wise to any other minute's.

/** Upper bounds (inclusive, ms) of the latency buckets; one more bucket counts everything above 30 s. */
export const LATENCY_BOUNDS_MS: readonly number[] = [25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000];

/** The bucket a duration falls in: the first whose bound it does not exceed, else the overflow bucket. */
export function bucketIndex(durationMs: number, bounds: readonly number[] = LATENCY_BOUNDS_MS): number {
  const index = bounds.findIndex((bound) => durationMs <= bound);
  return index === -1 ? bounds.length : index;
}

/** Element-wise sum; a shorter array counts as zeros where it ends. */
export function addBuckets(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/**
 * The q-quantile (0..1) of the histogram, interpolated linearly inside its bucket (the first bucket
 * starts at 0 ms). A quantile in the overflow bucket is reported as the last bound: the histogram
 * knows no more. Null when there are no samples.
 */
export function latencyPercentile(buckets: readonly number[], bounds: readonly number[], q: number): number | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total <= 0) return null;
  const rank = Math.min(1, Math.max(0, q)) * total;
  let below = 0;
  for (let i = 0; i < buckets.length; i++) {
    const count = buckets[i] ?? 0;
    if (count > 0 && below + count >= rank) {
      if (i >= bounds.length) return bounds.at(-1) ?? null;
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      return lower + (bounds[i]! - lower) * ((rank - below) / count);
    }
    below += count;
  }
  return bounds.at(-1) ?? null;
}

/** One finished attempt. A 4xx/3xx answer is neither success nor failure (the circuit breaker's rule). */
export type StatsSample = { tenantId: string; endpointId: string; startedAt: Date; durationMs: number; success: boolean; failure: boolean };

/** One endpoint's counters for one minute (a row of endpoint_stats, or the increment to it). */
export type StatsRow = { tenantId: string; endpointId: string; minute: Date; attempts: number; successes: number; failures: number; latencyBuckets: number[] };

const MINUTE_MS = 60_000;

/** Samples summed per endpoint and minute (the minute each attempt started in, UTC). */
export function aggregateStats(samples: readonly StatsSample[], bounds: readonly number[] = LATENCY_BOUNDS_MS): StatsRow[] {
  const rows = new Map<string, StatsRow>();
  for (const sample of samples) {
    const minuteMs = Math.floor(sample.startedAt.getTime() / MINUTE_MS) * MINUTE_MS;
    const key = `${sample.tenantId}\n${sample.endpointId}\n${minuteMs}`;
    let row = rows.get(key);
    if (!row) {
      row = { tenantId: sample.tenantId, endpointId: sample.endpointId, minute: new Date(minuteMs), attempts: 0, successes: 0, failures: 0, latencyBuckets: new Array<number>(bounds.length + 1).fill(0) };
      rows.set(key, row);
    }
    row.attempts += 1;
    if (sample.success) row.successes += 1;
    if (sample.failure) row.failures += 1;
    row.latencyBuckets[bucketIndex(sample.durationMs, bounds)]! += 1;
  }
  return [...rows.values()];
}
