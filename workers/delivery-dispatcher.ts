// Keeps up to `concurrency` deliveries in flight in this worker. It fetches deliver jobs whenever
// slots are free (pg-boss's group concurrency skips endpoints at their cap, across all workers), and
// each slot frees the moment its job settles: a black-holed endpoint occupies only its own slots
// while everything else keeps flowing. Jobs in flight are heartbeated so a dead worker's come back.
import type { Job, JobAttempt, PgBoss } from "pg-boss";
import type { Logger } from "pino";
import { DELIVER_GROUP_CONCURRENCY, type DeliverJob, QUEUE } from "../server/jobs/queues";
import type { DeliverBatch } from "./deliver.job";

export type DispatcherOptions = {
  concurrency: number;
  maxBatch: number;
  /** How long to wait before fetching again after the queue came back short. */
  idlePollMs: number;
  heartbeatMs: number;
};

export const DISPATCHER_DEFAULTS = { maxBatch: 100, idlePollMs: 50, heartbeatMs: 5_000 } as const;

/** Under load, let a few slots free up so fetches stay large (each fetch costs about the same). */
const MIN_FETCH_FRACTION = 0.1;
const GATHER_MS = 5;

export type Dispatcher = { stop(timeoutMs: number): Promise<void>; inFlight(): number };

export function startDispatcher(boss: PgBoss, deliver: DeliverBatch, log: Logger, options: DispatcherOptions): Dispatcher {
  const active = new Map<string, JobAttempt>();
  let stopping = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const free = () => options.concurrency - active.size;
  const minFetch = Math.max(1, Math.min(options.maxBatch, Math.floor(options.concurrency * MIN_FETCH_FRACTION)));

  async function fetchOnce(): Promise<boolean> {
    const want = Math.min(free(), options.maxBatch);
    const jobs = await boss.fetch<DeliverJob>(QUEUE.deliver, { batchSize: want, groupConcurrency: DELIVER_GROUP_CONCURRENCY });
    for (const job of jobs) active.set(job.id, { id: job.id, retryCount: job.retryCount });
    if (jobs.length) void run(jobs);
    return jobs.length === want;
  }

  async function run(jobs: Job<DeliverJob>[]): Promise<void> {
    const settled = (ids: string[]) => {
      for (const id of ids) active.delete(id);
      signal();
    };
    await deliver(jobs, settled).catch((error: unknown) => log.error({ err: error }, "deliver batch crashed"));
    settled(jobs.map((job) => job.id));
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      if (free() <= 0) {
        await sleep(1_000);
        continue;
      }
      if (free() < minFetch) await sleep(GATHER_MS);
      const full = await fetchOnce().catch((error: unknown) => {
        log.warn({ err: error }, "fetching deliver jobs failed; retrying");
        return false;
      });
      if (!full && !stopping) await sleep(options.idlePollMs);
    }
  }

  const heartbeat = setInterval(() => {
    if (!active.size) return;
    boss.touch(QUEUE.deliver, [...active.values()]).catch((error: unknown) => log.warn({ err: error }, "deliver heartbeat failed"));
  }, options.heartbeatMs);
  const running = loop();

  return {
    inFlight: () => active.size,
    async stop(timeoutMs) {
      stopping = true;
      signal();
      clearInterval(heartbeat);
      await running;
      const deadline = Date.now() + timeoutMs;
      while (active.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}
