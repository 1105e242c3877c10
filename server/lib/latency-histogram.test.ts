import { describe, expect, it } from "vitest";
import { addBuckets, aggregateStats, bucketIndex, LATENCY_BOUNDS_MS, latencyPercentile, type StatsSample } from "./latency-histogram";

const BOUNDS = [100, 200, 400];

describe("bucketIndex", () => {
  it.each([
    [0, 0],
    [100, 0],
    [101, 1],
    [200, 1],
    [399, 2],
    [400, 2],
    [401, 3],
    [60_000, 3],
  ])("%i ms → bucket %i (bounds are inclusive upper edges, then overflow)", (ms, index) => {
    expect(bucketIndex(ms, BOUNDS)).toBe(index);
  });

  it("uses the platform bounds by default, with an overflow bucket past 30 s", () => {
    expect(bucketIndex(25)).toBe(0);
    expect(bucketIndex(30_000)).toBe(LATENCY_BOUNDS_MS.length - 1);
    expect(bucketIndex(30_001)).toBe(LATENCY_BOUNDS_MS.length);
  });
});

describe("addBuckets", () => {
  it("adds element-wise and treats a shorter array as zeros", () => {
    expect(addBuckets([1, 2, 3], [10, 20, 30])).toEqual([11, 22, 33]);
    expect(addBuckets([1, 2], [1, 1, 5])).toEqual([2, 3, 5]);
  });
});

describe("latencyPercentile", () => {
  it("is null without samples", () => {
    expect(latencyPercentile([0, 0, 0, 0], BOUNDS, 0.5)).toBeNull();
    expect(latencyPercentile([], BOUNDS, 0.5)).toBeNull();
  });

  it("interpolates inside the bucket the rank falls in (the first bucket starts at 0)", () => {
    // 10 samples in (0, 100]: the median is halfway up it.
    expect(latencyPercentile([10, 0, 0, 0], BOUNDS, 0.5)).toBe(50);
    // 4 in (0, 100], 4 in (100, 200], 2 in (200, 400]: rank 5 is a quarter into the second bucket.
    expect(latencyPercentile([4, 4, 2, 0], BOUNDS, 0.5)).toBe(125);
    // rank 9.5 is three quarters into the third bucket.
    expect(latencyPercentile([4, 4, 2, 0], BOUNDS, 0.95)).toBe(350);
    expect(latencyPercentile([4, 4, 2, 0], BOUNDS, 1)).toBe(400);
  });

  it("skips empty buckets", () => {
    expect(latencyPercentile([0, 0, 2, 0], BOUNDS, 0)).toBe(200);
    expect(latencyPercentile([0, 0, 2, 0], BOUNDS, 0.5)).toBe(300);
  });

  it("reports a quantile in the overflow bucket as the last bound", () => {
    expect(latencyPercentile([1, 0, 0, 9], BOUNDS, 0.5)).toBe(400);
    expect(latencyPercentile([1, 0, 0, 9], BOUNDS, 0.05)).toBe(50);
  });

  it("clamps q to 0..1", () => {
    expect(latencyPercentile([10, 0, 0, 0], BOUNDS, 2)).toBe(100);
    expect(latencyPercentile([10, 0, 0, 0], BOUNDS, -1)).toBe(0);
  });
});

describe("aggregateStats", () => {
  const sample = (endpointId: string, startedAt: string, durationMs: number, verdict: "success" | "failure" | "neutral"): StatsSample => ({
    tenantId: "ten_1",
    endpointId,
    startedAt: new Date(startedAt),
    durationMs,
    success: verdict === "success",
    failure: verdict === "failure",
  });

  it("groups by endpoint and the minute the attempt started in, counting verdicts and latency buckets", () => {
    const rows = aggregateStats(
      [
        sample("ep_a", "2026-11-26T10:00:00.000Z", 50, "success"),
        sample("ep_a", "2026-11-26T10:00:59.999Z", 150, "failure"),
        sample("ep_a", "2026-11-26T10:00:30.000Z", 500, "neutral"),
        sample("ep_a", "2026-11-26T10:01:00.000Z", 99_000, "failure"),
        sample("ep_b", "2026-11-26T10:00:10.000Z", 100, "success"),
      ],
      BOUNDS,
    );
    expect(rows).toEqual([
      { tenantId: "ten_1", endpointId: "ep_a", minute: new Date("2026-11-26T10:00:00.000Z"), attempts: 3, successes: 1, failures: 1, latencyBuckets: [1, 1, 0, 1] },
      { tenantId: "ten_1", endpointId: "ep_a", minute: new Date("2026-11-26T10:01:00.000Z"), attempts: 1, successes: 0, failures: 1, latencyBuckets: [0, 0, 0, 1] },
      { tenantId: "ten_1", endpointId: "ep_b", minute: new Date("2026-11-26T10:00:00.000Z"), attempts: 1, successes: 1, failures: 0, latencyBuckets: [1, 0, 0, 0] },
    ]);
  });

  it("keeps tenants apart even for the same endpoint id, and gives bounds + 1 buckets", () => {
    const rows = aggregateStats([
      { tenantId: "ten_1", endpointId: "ep_a", startedAt: new Date(0), durationMs: 10, success: true, failure: false },
      { tenantId: "ten_2", endpointId: "ep_a", startedAt: new Date(0), durationMs: 10, success: true, failure: false },
    ]);
    expect(rows.map((r) => r.tenantId)).toEqual(["ten_1", "ten_2"]);
    expect(rows[0]!.latencyBuckets).toHaveLength(LATENCY_BOUNDS_MS.length + 1);
  });

  it("returns nothing for no samples", () => {
    expect(aggregateStats([])).toEqual([]);
  });
});
