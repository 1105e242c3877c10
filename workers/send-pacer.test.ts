import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { createSendPacer } from "./send-pacer";

describe("send pacer", () => {
  it("spaces sends of one paced endpoint by the gap, even when they arrive together", async () => {
    const pacer = createSendPacer();
    const sentAt: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => pacer.wait("t/ep", 20).then(() => sentAt.push(performance.now()))));
    // Measured after each wait resolves, so a busy machine can shave a little off one gap, never the span.
    const gaps = sentAt.slice(1).map((t, i) => t - (sentAt[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(10);
    expect((sentAt[4] as number) - (sentAt[0] as number)).toBeGreaterThanOrEqual(4 * 20 - 2);
  });

  it("does not hold back unpaced endpoints, or one endpoint because of another", async () => {
    const pacer = createSendPacer();
    await pacer.wait("t/a", 1_000);
    const started = performance.now();
    await Promise.all([pacer.wait("t/a", null), pacer.wait("t/b", 1_000), pacer.wait("t/c", null)]);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
