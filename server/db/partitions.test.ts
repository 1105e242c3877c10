import { describe, expect, it } from "vitest";
import { newId } from "../lib/ids";
import { plannedPartitions } from "./partitions";

const NOV_15_2026 = Date.UTC(2026, 10, 15, 12);

describe("plannedPartitions", () => {
  it("plans last month, this month and two ahead for each partitioned table", () => {
    const names = plannedPartitions(NOV_15_2026).map((p) => p.name);
    expect(names).toEqual([
      "events_p202610", "events_p202611", "events_p202612", "events_p202701",
      "attempts_p202610", "attempts_p202611", "attempts_p202612", "attempts_p202701",
    ]);
  });

  it("makes contiguous ranges that contain exactly the ids of their month", () => {
    const events = plannedPartitions(NOV_15_2026).filter((p) => p.table === "events");
    for (let i = 1; i < events.length; i++) expect(events[i]!.from).toBe(events[i - 1]!.to);
    const november = events.find((p) => p.name === "events_p202611")!;
    const firstMs = newId("evt", Date.UTC(2026, 10, 1), new Uint8Array(10));
    const lastMs = newId("evt", Date.UTC(2026, 11, 1) - 1, new Uint8Array(10).fill(255));
    const december = newId("evt", Date.UTC(2026, 11, 1), new Uint8Array(10));
    for (const id of [firstMs, lastMs]) expect(id >= november.from && id < november.to).toBe(true);
    expect(december >= november.to).toBe(true);
  });
});
