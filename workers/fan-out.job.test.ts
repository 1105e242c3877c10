import { describe, expect, it } from "vitest";
import { chunkFor, FAN_OUT_BATCH, FAN_OUT_CHUNK, FAN_OUT_ROWS_PER_TRANSACTION } from "./fan-out.job";

describe("chunkFor", () => {
  it.each([
    [1, FAN_OUT_CHUNK],
    [5, FAN_OUT_CHUNK],
    [10, 500],
    [50, 100],
    [500, 100],
  ])("%i events in a transaction → at most %i endpoints each", (events, chunk) => {
    expect(chunkFor(events)).toBe(chunk);
  });

  it("bounds a transaction's deliveries for any batch the worker fetches", () => {
    for (let events = 1; events <= FAN_OUT_BATCH; events++) expect(events * chunkFor(events)).toBeLessThanOrEqual(FAN_OUT_ROWS_PER_TRANSACTION);
  });
});
