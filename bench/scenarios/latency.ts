// Latency at a steady rate: a separate tenant (earlier deliveries cannot interfere) with one `*`
// endpoint, events published by a timer-driven pacer at --rate for the phase duration. Two views:
// - end-to-end, the database's own: event created_at (stamped when the publish call starts) →
//   delivery delivered_at (stamped when the attempt is recorded). It includes the publish call, so
//   a publisher that cannot keep up adds its own queueing;
// - after commit: publish call returned → delivered, i.e. fan-out, queueing, the POST and recording.
import { type DeliveryRun, publishRate, runDeliveryPhase } from "../delivery-run";
import { HIGH_VOLUME_ENDPOINT, urlsOn } from "../fixtures";
import { deliveredTimes, endToEndLatency, type EndToEndLatency } from "../probes";
import { publishPaced } from "../publisher";
import { type BenchContext, cpuRow, formatMs, formatNumber, type Row, type Scenario, type ScenarioResult } from "../scenario";
import { type LatencySummary, round, summarize } from "../stats";
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
      urls: urlsOn(ctx.stack.receiver.url, "/latency", ENDPOINTS),
      endpoints: HIGH_VOLUME_ENDPOINT,
      publish: (deps, tenantId, stats) =>
        publishPaced(deps, tenantId, { durationMs: config.durationS * 1000, ratePerSecond: config.rate, maxInFlight: MAX_PUBLISHES_IN_FLIGHT }, stats),
    });
    const endToEnd = await endToEndLatency(ctx.stack.probe, run.tenant.tenantId);
    return report(ctx, run, endToEnd, await afterCommit(ctx, run));
  },
};

async function afterCommit(ctx: BenchContext, run: DeliveryRun): Promise<LatencySummary> {
  const delivered = await deliveredTimes(ctx.stack.probe, run.tenant.tenantId);
  return summarize(delivered.flatMap(({ eventId, deliveredAt }) => {
    const committedAt = run.stats.committedAt.get(eventId);
    return committedAt === undefined ? [] : [Math.max(0, deliveredAt - committedAt)];
  }));
}

function rateRow(ctx: BenchContext, run: DeliveryRun): { row: Row; keptUp: boolean; achieved: number } {
  const target = ctx.config.rate;
  const achieved = publishRate(run.stats);
  const keptUp = achieved >= KEPT_UP * target && run.stats.skipped === 0;
  const note = keptUp
    ? `(target ${formatNumber(target)}/s ✓)`
    : `(target ${formatNumber(target)}/s: PUBLISHER COULD NOT KEEP UP${run.stats.skipped ? `, ${formatNumber(run.stats.skipped)} slots skipped` : ""})`;
  return { row: { metric: "publish rate achieved", value: `${formatNumber(achieved)}/s`, note }, keptUp, achieved };
}

function report(ctx: BenchContext, run: DeliveryRun, measured: EndToEndLatency, committed: LatencySummary): ScenarioResult {
  const rate = rateRow(ctx, run);
  const calls = summarize(run.stats.callMs);
  return {
    rows: [
      rate.row,
      { metric: "publish call p50 / p99", value: `${formatMs(calls.p50)} / ${formatMs(calls.p99)}` },
      { metric: "deliveries", value: formatNumber(run.deliveries), note: completeness(run) },
      { metric: "end-to-end p50", value: formatMs(measured.p50_ms), note: "(event created → delivered)" },
      { metric: "end-to-end p95", value: formatMs(measured.p95_ms) },
      { metric: "end-to-end p99", value: formatMs(measured.p99_ms) },
      { metric: "end-to-end max", value: formatMs(measured.max_ms) },
      { metric: "after commit p50 / p99", value: `${formatMs(committed.p50)} / ${formatMs(committed.p99)}`, note: "(publish returned → delivered)" },
      ...cpuRow("while publishing", run.cpu.publishing),
    ],
    json: {
      endpoints: ENDPOINTS,
      target_rate_per_second: ctx.config.rate,
      achieved_publish_rate_per_second: round(rate.achieved),
      publisher_kept_up: rate.keptUp,
      skipped_slots: run.stats.skipped,
      events_published: run.stats.accepted,
      publish_errors: run.stats.failed,
      publish_error_messages: run.stats.errors,
      publish_call_ms: { p50: round(calls.p50, 2), p99: round(calls.p99, 2), max: round(calls.max, 2) },
      deliveries: run.deliveries,
      delivered: run.delivered,
      statuses: run.statuses,
      all_delivered: run.drained,
      attempts: run.attempts,
      latency_ms: { p50: round(measured.p50_ms), p95: round(measured.p95_ms), p99: round(measured.p99_ms), max: round(measured.max_ms), count: measured.count },
      after_commit_latency_ms: { p50: round(committed.p50), p95: round(committed.p95), p99: round(committed.p99), max: round(committed.max), count: committed.count },
      cpu_percent: run.cpu,
      ...(run.sqlActivity ? { sql_activity: run.sqlActivity } : {}),
    },
  };
}
