// Worker metrics collected at scrape time from pg-boss (queue depth by state).
import { Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { PgBoss } from "pg-boss";
import { QUEUE } from "./queues";

export function createWorkerRegistry(boss: PgBoss): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "hookline_worker_" });
  new Gauge({
    name: "hookline_queue_jobs",
    help: "Jobs per queue and state (ready, deferred, active, failed).",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      const queues = await boss.getQueues(Object.values(QUEUE));
      for (const queue of queues) {
        this.set({ queue: queue.name, state: "ready" }, queue.readyCount);
        this.set({ queue: queue.name, state: "deferred" }, queue.deferredCount);
        this.set({ queue: queue.name, state: "active" }, queue.activeCount);
        this.set({ queue: queue.name, state: "failed" }, queue.failedCount);
      }
    },
  });
  return registry;
}
