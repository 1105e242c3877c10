// Small numeric helpers: latency summaries and rates from polled counters.

export type LatencySummary = { count: number; p50: number; p95: number; p99: number; max: number; mean: number };

/** Nearest-rank percentile of an ascending array (p in 0..1). */
function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** A counter read at a wall-clock time (ms since the epoch). */
export type Sample = { at: number; value: number };

/** The counter's value at `at`, interpolated linearly between the two samples around it. */
export function valueAt(samples: readonly Sample[], at: number): number {
  const first = samples[0];
  if (!first) return 0;
  if (at <= first.at) return first.value;
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1]!;
    const after = samples[i]!;
    if (at <= after.at) return before.value + ((after.value - before.value) * (at - before.at)) / Math.max(1, after.at - before.at);
  }
  return samples[samples.length - 1]!.value;
}

/** Average rate (per second) of the counter between two instants. */
export function rateBetween(samples: readonly Sample[], from: number, to: number): number {
  if (to <= from) return Number.NaN;
  return ((valueAt(samples, to) - valueAt(samples, from)) * 1000) / (to - from);
}

export const round = (value: number, digits = 1): number => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/** The highest rate between consecutive samples (per second): what the pipeline can do at its best. */
export function peakRate(samples: readonly Sample[]): number {
  let best = 0;
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1]!;
    const after = samples[i]!;
    if (after.at - before.at >= 500) best = Math.max(best, ((after.value - before.value) * 1000) / (after.at - before.at));
  }
  return best;
}
