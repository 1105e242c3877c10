// The worker's Prometheus registry: process metrics, the shared database gauges, and an estimate of
// how long the ready deliver backlog takes to drain at this worker's recent pace.
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { Sql } from "../server/db/sql";
import { QUEUE } from "../server/jobs/queues";
import { registerDeliveryGauges, sharedQueueDepths } from "../server/metrics/delivery-gauges";

export type Throughput = { record(count: number, nowMs: number): void; perSecond(nowMs: number): number };

/** Deliveries finished per second over the last minute, in this process. */
export function createThroughput(windowMs = 60_000): Throughput {
  const samples: { at: number; count: number }[] = [];
  const trim = (now: number) => {
    while (samples.length && samples[0]!.at < now - windowMs) samples.shift();
  };
  return {
    record(count, now) {
      samples.push({ at: now, count });
      trim(now);
    },
    perSecond(now) {
      trim(now);
      return samples.reduce((sum, s) => sum + s.count, 0) / (windowMs / 1000);
    },
  };
}

export function createWorkerRegistry(sql: Sql, throughput: Throughput): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "hookline_worker_" });
  const queueDepths = sharedQueueDepths(sql);
  registerDeliveryGauges(registry, sql, queueDepths);
  new Gauge({
    name: "hookline_estimated_drain_seconds",
    help: "Ready deliver jobs divided by this worker's delivery rate over the last minute (-1 when idle).",
    registers: [registry],
    async collect() {
      const depth = (await queueDepths()).find((d) => d.queue === QUEUE.deliver);
      const rate = throughput.perSecond(Date.now());
      this.set(rate > 0 ? (depth?.ready ?? 0) / rate : -1);
    },
  });
  return registry;
}
