// The last step of pacing, in the worker: deliveries of a paced endpoint (rate limit or recovery ramp)
// leave at least 1/rate apart. Slots are booked in the database, but a delivery that reaches the
// sender late (a slow poll, a busy database, a stalled event loop) must not go out in a burst with the
// next one; it waits here instead of being bounced through the queue again.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/** Past this many endpoints, entries whose time has passed are dropped. */
const PRUNE_AT = 10_000;

export type SendPacer = { wait(endpointKey: string, gapMs: number | null): Promise<void> };

export function createSendPacer(now: () => number = () => performance.now()): SendPacer {
  const nextSendAt = new Map<string, number>();
  return {
    async wait(endpointKey, gapMs) {
      if (gapMs === null) return;
      const t = now();
      const at = Math.max(t, nextSendAt.get(endpointKey) ?? t);
      nextSendAt.set(endpointKey, at + gapMs);
      if (nextSendAt.size > PRUNE_AT) for (const [key, due] of nextSendAt) if (due < t) nextSendAt.delete(key);
      if (at > t) await sleep(at - t);
    },
  };
}
