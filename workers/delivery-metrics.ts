// Counters and histograms the deliver pipeline updates as it goes (DESIGN §8). Per process: Prometheus
// sums them across workers.
import { Counter, Histogram, type Registry } from "prom-client";

export type DeliveryMetrics = ReturnType<typeof createDeliveryMetrics>;

export function createDeliveryMetrics(registry: Registry) {
  const registers = [registry];
  const attempts = new Counter({ name: "hookline_attempts_total", help: "Delivery attempts by result.", labelNames: ["result"] as const, registers });
  const deliveries = new Counter({
    name: "hookline_deliveries_total",
    help: "Deliveries that reached an outcome after an attempt: delivered, retrying, failed (replay_delivered, replay_failed for replays).",
    labelNames: ["outcome"] as const,
    registers,
  });
  const attemptSeconds = new Histogram({
    name: "hookline_attempt_duration_seconds",
    help: "Duration of one HTTP attempt, connect to last byte read.",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const endToEndSeconds = new Histogram({
    name: "hookline_delivery_latency_seconds",
    help: "Event created → delivered (recorded), including retries.",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 300, 3600, 86400],
    registers,
  });
  const retries = new Counter({ name: "hookline_retries_total", help: "Retries scheduled, by the attempt number that failed.", labelNames: ["attempt"] as const, registers });
  const deadLetters = new Counter({ name: "hookline_dead_letters_total", help: "Deliveries moved to failed (dead letter).", registers });
  const circuitTransitions = new Counter({
    name: "hookline_circuit_transitions_total",
    help: "Circuit-breaker transitions: opened, probe_failed (re-opened with a longer cooldown), closed (recovery ramp started).",
    labelNames: ["transition"] as const,
    registers,
  });
  const autoDisabled = new Counter({ name: "hookline_endpoints_auto_disabled_total", help: "Endpoints disabled by the worker, by reason (gone, failing).", labelNames: ["reason"] as const, registers });
  return {
    circuit(transition: "opened" | "probe_failed" | "closed") {
      circuitTransitions.inc({ transition });
    },
    disabled(reason: "gone" | "failing", count: number) {
      if (count) autoDisabled.inc({ reason }, count);
    },
    attempt(result: string, durationMs: number) {
      attempts.inc({ result });
      attemptSeconds.observe(durationMs / 1000);
    },
    /** A replay's outcome counts as a replay (its event-to-delivery time and dead letter belong to the first run). */
    outcome(outcome: "delivered" | "retrying" | "failed", attemptNumber: number, eventCreatedAt: Date | null, nowMs: number, replay = false) {
      if (replay) return void deliveries.inc({ outcome: outcome === "delivered" ? "replay_delivered" : "replay_failed" });
      deliveries.inc({ outcome });
      if (outcome === "delivered" && eventCreatedAt) endToEndSeconds.observe((nowMs - eventCreatedAt.getTime()) / 1000);
      if (outcome === "retrying") retries.inc({ attempt: String(Math.min(attemptNumber, 20)) });
      if (outcome === "failed") deadLetters.inc();
    },
  };
}
