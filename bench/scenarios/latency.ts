// Latency at a steady rate: a separate tenant (earlier deliveries cannot interfere) with one `*`
// endpoint, events published by a timer-driven pacer at --rate for the phase duration. Latency is
// the database's own view: event created_at (stamped when publish starts) → delivery delivered_at
// (stamped when the attempt is recorded), so it includes publish, fan-out, queueing, the POST and
// recording.
import { type DeliveryRun, publishRate, runDeliveryPhase } from "../delivery-run";
import { endToEndLatency, type EndToEndLatency } from "../probes";
import { publishPaced } from "../publisher";
import { type BenchContext, cpuRow, formatMs, formatNumber, type Scenario, type ScenarioResult } from "../scenario";
import { round } from "../stats";
import { completeness } from "./end-to-end";

const ENDPOINTS = 1;
const MAX_PUBLISHES_IN_FLIGHT = 64;
/** Below this share of the target rate, the report says the publisher could not keep up. */
const KEPT_UP = 0.95;

export const latency: Scenario = {
  id: "latency",
  title: "latency",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const { config } = ctx;
    const run = await runDeliveryPhase(ctx, {
      label: `latency @${config.rate}/s`,
      tenantName: "bench-latency",
      paths: Array.from({ length: ENDPOINTS }, (_, i) => `/latency/${i}`),
      publish: (deps, tenantId, stats) =>
        publishPaced(deps, tenantId, { durationMs: config.durationS * 1000, ratePerSecond: config.rate, maxInFlight: MAX_PUBLISHES_IN_FLIGHT }, stats),
    });
    return report(ctx, run, await endToEndLatency(ctx.stack.probe, run.tenant.tenantId));
  },
};

function report(ctx: BenchContext, run: DeliveryRun, measured: EndToEndLatency): ScenarioResult {
  const target = ctx.config.rate;
  const achieved = publishRate(run.stats);
  const keptUp = achieved >= KEPT_UP * target && run.stats.skipped === 0;
  const rateNote = keptUp
    ? `(target ${formatNumber(target)}/s ✓)`
    : `(target ${formatNumber(target)}/s: PUBLISHER COULD NOT KEEP UP${run.stats.skipped ? `, ${formatNumber(run.stats.skipped)} slots skipped` : ""})`;
  return {
    rows: [
      { metric: "publish rate achieved", value: `${formatNumber(achieved)}/s`, note: rateNote },
      { metric: "deliveries", value: formatNumber(run.deliveries), note: completeness(run) },
      { metric: "end-to-end p50", value: formatMs(measured.p50_ms), note: "(event created → delivered)" },
      { metric: "end-to-end p95", value: formatMs(measured.p95_ms) },
      { metric: "end-to-end p99", value: formatMs(measured.p99_ms) },
      { metric: "end-to-end max", value: formatMs(measured.max_ms) },
      ...cpuRow("while publishing", run.cpu.publishing),
    ],
    json: {
      endpoints: ENDPOINTS,
      target_rate_per_second: target,
      achieved_publish_rate_per_second: round(achieved),
      publisher_kept_up: keptUp,
      skipped_slots: run.stats.skipped,
      events_published: run.stats.accepted,
      publish_errors: run.stats.failed,
      publish_error_messages: run.stats.errors,
      deliveries: run.deliveries,
      delivered: run.delivered,
      statuses: run.statuses,
      all_delivered: run.drained,
      attempts: run.attempts,
      latency_ms: { p50: round(measured.p50_ms), p95: round(measured.p95_ms), p99: round(measured.p99_ms), max: round(measured.max_ms), count: measured.count },
      cpu_percent: run.cpu,
      ...(run.sqlActivity ? { sql_activity: run.sqlActivity } : {}),
    },
  };
}
