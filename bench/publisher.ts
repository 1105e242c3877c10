// Publishing load through publishEvent, the function POST /api/v1/events calls after parsing and
// authenticating the request. Two shapes: flat out with a bounded number in flight (throughput), and a
// timer-driven pacer at a steady rate (latency: bursts would measure queueing, not the pipeline).
import { performance } from "node:perf_hooks";
import { type PublishDeps, publishEvent } from "../server/modules/events/event-publish.service";
import { BENCH_EVENT_TYPE, samplePayload } from "./payload";

export type PublishStats = {
  accepted: number;
  failed: number;
  /** Sum of matched_endpoints over accepted events: the deliveries they should produce. */
  matched: number;
  /** Paced mode only: slots dropped because maxInFlight publishes were still running. */
  skipped: number;
  inFlight: number;
  errors: Record<string, number>;
  /** Duration of each accepted publish call (ms). */
  callMs: number[];
  /** Event id → when its publish call returned (epoch ms), i.e. when its transaction had committed. */
  committedAt: Map<string, number>;
  startedAt: number;
  endedAt: number;
};

export function createPublishStats(): PublishStats {
  return { accepted: 0, failed: 0, matched: 0, skipped: 0, inFlight: 0, errors: {}, callMs: [], committedAt: new Map(), startedAt: 0, endedAt: 0 };
}

let sequence = 0;

/** Event types to publish, taken in turn (registered ones: see server/testing/tenant-fixture.ts). */
export type EventTypes = { types?: readonly string[] };

async function publishOne(deps: PublishDeps, tenantId: string, stats: PublishStats, types: readonly string[] = [BENCH_EVENT_TYPE]): Promise<void> {
  stats.inFlight++;
  const start = performance.now();
  const n = sequence++;
  try {
    const { event } = await publishEvent(deps, { tenant_id: tenantId, type: types[n % types.length]!, data: samplePayload(n) });
    stats.callMs.push(performance.now() - start);
    stats.committedAt.set(event.id, Date.now());
    stats.accepted++;
    stats.matched += event.matched_endpoints;
  } catch (error) {
    stats.failed++;
    const key = (error as Error).message.slice(0, 120);
    stats.errors[key] = (stats.errors[key] ?? 0) + 1;
  } finally {
    stats.inFlight--;
  }
}

/** `inFlight` loops publish back to back until the duration is over or `maxEvents` were sent. */
export async function publishFlatOut(
  deps: PublishDeps,
  tenantId: string,
  options: { durationMs: number; inFlight: number; maxEvents: number } & EventTypes,
  stats: PublishStats,
): Promise<void> {
  stats.startedAt = Date.now();
  const deadline = stats.startedAt + options.durationMs;
  let started = 0;
  const loop = async () => {
    while (Date.now() < deadline && started < options.maxEvents) {
      started++;
      await publishOne(deps, tenantId, stats, options.types);
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, loop));
  stats.endedAt = Date.now();
}

const TICK_MS = 10;

/**
 * Every 10 ms, starts the publishes that are due by then at `ratePerSecond` (5 per tick at 500/s).
 * Due counts come from elapsed time, so a late timer catches up instead of drifting; a slot that
 * finds `maxInFlight` publishes still running is skipped, not queued, so the achieved rate shows
 * when the publisher cannot keep up. `stop` ends the publishing before `durationMs` when aborted.
 */
export async function publishPaced(
  deps: PublishDeps,
  tenantId: string,
  options: { durationMs: number; ratePerSecond: number; maxInFlight: number; stop?: AbortSignal } & EventTypes,
  stats: PublishStats,
): Promise<void> {
  stats.startedAt = Date.now();
  const running = new Set<Promise<void>>();
  let scheduled = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Math.min(Date.now() - stats.startedAt, options.durationMs);
      const due = Math.floor((elapsed * options.ratePerSecond) / 1000) - scheduled;
      scheduled += due;
      for (let i = 0; i < due; i++) {
        if (running.size >= options.maxInFlight) {
          stats.skipped++;
          continue;
        }
        const call = publishOne(deps, tenantId, stats, options.types).finally(() => running.delete(call));
        running.add(call);
      }
      if (elapsed >= options.durationMs || options.stop?.aborted) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  await Promise.all(running);
  stats.endedAt = Date.now();
}
