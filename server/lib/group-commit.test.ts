import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("GroupCommit", () => {
  it("commits an item at once when idle, and groups items that arrive meanwhile", async () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        await tick();
        return items.map((n) => n * 10);
      },
      { maxBatch: 100, maxConcurrent: 1 },
    );
    const results = await Promise.all([1, 2, 3, 4].map((n) => group.submit(n)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("respects the batch size and the number of commits in flight", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const sizes: number[] = [];
    const group = new GroupCommit<number, number>(
      async (items) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        sizes.push(items.length);
        await tick();
        inFlight--;
        return items;
      },
      { maxBatch: 3, maxConcurrent: 2 },
    );
    await Promise.all(Array.from({ length: 20 }, (_, n) => group.submit(n)));
    expect(maxInFlight).toBe(2);
    expect(Math.max(...sizes)).toBe(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20);
  });

  it("isolates a failing item: its neighbours still commit", async () => {
    const group = new GroupCommit<number, number>(
      async (items) => {
        await tick();
        if (items.includes(13)) throw new Error("bad item 13");
        return items;
      },
      { maxBatch: 10, maxConcurrent: 1 },
    );
    const first = group.submit(1);
    const rest = [12, 13, 14].map((n) => group.submit(n).then((v) => ({ ok: v }), (e: Error) => ({ error: e.message })));
    expect(await first).toBe(1);
    expect(await Promise.all(rest)).toEqual([{ ok: 12 }, { error: "bad item 13" }, { ok: 14 }]);
  });
});
