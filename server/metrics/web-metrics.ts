// The web process's Prometheus registry: events ingested (counted by the publish service) and the
// database gauges shared with the worker.
import { fromPrisma } from "pg-boss";
import { collectDefaultMetrics, Counter, Registry } from "prom-client";
import { db } from "../db/client";
import { registerDeliveryGauges } from "./delivery-gauges";

function createWebMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "hookline_web_" });
  registerDeliveryGauges(registry, fromPrisma(db()));
  const eventsIngested = new Counter({
    name: "hookline_events_ingested_total",
    help: "Events accepted for delivery (idempotent replays not counted).",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  return { registry, eventsIngested };
}

const globalForMetrics = globalThis as unknown as { hooklineWebMetrics?: ReturnType<typeof createWebMetrics> };

export function webMetrics() {
  globalForMetrics.hooklineWebMetrics ??= createWebMetrics();
  return globalForMetrics.hooklineWebMetrics;
}
