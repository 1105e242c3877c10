// End-to-end throughput: N endpoints (all `*`, all on the receiver) and events published as fast as
// the publisher can with a bounded number in flight, for the phase duration but at most 250 events per
// second of it (ingestion alone outruns delivery, and an unbounded backlog only makes the run longer,
// not the measurement better); then every delivery must
// reach `delivered` with its attempt recorded. The headline is the steady rate over the middle half of
// the run (first publish → last delivered), which leaves out the ramp-up and the tail.
import { type DeliveryRun, deliveredTimeline, publishRate, publishWindow, runDeliveryPhase, windowJson } from "../delivery-run";
import { HIGH_VOLUME_ENDPOINT, urlsOn } from "../fixtures";
import { publishFlatOut } from "../publisher";
import { type BenchContext, cpuRow, formatMs, formatNumber, rawCeiling, ratioNote, type Row, type Scenario, type ScenarioResult } from "../scenario";
import { peakRate, rateBetween, round, summarize } from "../stats";

export const endToEnd: Scenario = {
  id: "end_to_end",
  title: "end-to-end",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const { config } = ctx;
    const run = await runDeliveryPhase(ctx, {
      label: "end-to-end",
      tenantName: "bench-end-to-end",
      urls: urlsOn(ctx.stack.receiver.url, "/e2e", config.fanout),
      endpoints: HIGH_VOLUME_ENDPOINT,
      publish: (deps, tenantId, stats) => publishFlatOut(deps, tenantId, { durationMs: config.durationS * 1000, inFlight: config.publishInFlight, maxEvents: config.durationS * 250 }, stats),
    });
    return report(ctx, run);
  },
};

/** Rates over the run and over the middle half of it, and of the publishing phase alone. */
function rates(run: DeliveryRun) {
  const length = run.lastDeliveredAt - run.firstEventAt;
  const steadyFrom = run.firstEventAt + length / 4;
  const steadyTo = run.firstEventAt + (3 * length) / 4;
  const publishing = publishWindow(run.stats);
  return {
    overall: (run.delivered * 1000) / Math.max(1, length),
    steady: rateBetween(run.samples, steadyFrom, steadyTo),
    steadyWindow: windowJson(steadyFrom, steadyTo),
    peak: peakRate(run.samples),
    whilePublishing: rateBetween(run.samples, publishing.from, publishing.to),
    runSeconds: length / 1000,
    drainSeconds: (run.lastDeliveredAt - run.stats.endedAt) / 1000,
  };
}

function report(ctx: BenchContext, run: DeliveryRun): ScenarioResult {
  const r = rates(run);
  const ceiling = rawCeiling(ctx.results);
  const publishCalls = summarize(run.stats.callMs);
  const attemptsOk = run.attempts >= run.deliveries;
  const rows: Row[] = [
    { metric: "events published", value: formatNumber(run.stats.accepted), note: `(${formatNumber(publishRate(run.stats))}/s, ${ctx.config.publishInFlight} in flight)` },
    { metric: "publish call p50 / p99", value: `${formatMs(publishCalls.p50)} / ${formatMs(publishCalls.p99)}` },
    { metric: "deliveries", value: formatNumber(run.deliveries), note: completeness(run) },
    { metric: "deliveries/s (steady)", value: formatNumber(r.steady), note: ratioNote(r.steady, ceiling) },
    { metric: "deliveries/s (overall)", value: formatNumber(r.overall), note: `(first publish → last delivered, ${formatNumber(r.runSeconds)} s)` },
    { metric: "deliveries/s (publishing)", value: formatNumber(r.whilePublishing), note: "(middle of the publish phase)" },
    { metric: "deliveries/s (best second)", value: formatNumber(r.peak), note: ratioNote(r.peak, ceiling) },
    { metric: "drain after last publish", value: `${formatNumber(r.drainSeconds)} s` },
    { metric: "attempts recorded", value: formatNumber(run.attempts), note: attemptsOk ? "(≥ deliveries ✓)" : "(FEWER THAN DELIVERIES ✗)" },
    ...cpuRow("while publishing", run.cpu.publishing),
    ...cpuRow("while draining", run.cpu.draining),
  ];
  return {
    rows,
    json: {
      endpoints: run.tenant.endpointIds.length,
      events_published: run.stats.accepted,
      publish_errors: run.stats.failed,
      publish_error_messages: run.stats.errors,
      publish_rate_per_second: round(publishRate(run.stats)),
      publish_call_ms: { p50: round(publishCalls.p50, 2), p99: round(publishCalls.p99, 2), max: round(publishCalls.max, 2) },
      expected_deliveries: run.stats.matched,
      deliveries: run.deliveries,
      delivered: run.delivered,
      statuses: run.statuses,
      all_delivered: run.drained,
      attempts: run.attempts,
      attempts_cover_deliveries: attemptsOk,
      deliveries_per_second_steady: round(r.steady),
      steady_window: r.steadyWindow,
      deliveries_per_second_overall: round(r.overall),
      deliveries_per_second_while_publishing: round(r.whilePublishing),
      deliveries_per_second_best_second: round(r.peak),
      ratio_to_raw_ceiling: ceiling ? round(r.steady / ceiling, 3) : null,
      run_seconds: round(r.runSeconds),
      drain_seconds_after_publishing: round(r.drainSeconds),
      cpu_percent: run.cpu,
      ...(run.sqlActivity ? { sql_activity: run.sqlActivity } : {}),
      delivered_timeline: deliveredTimeline(run),
    },
  };
}

export function completeness(run: DeliveryRun): string {
  if (run.drained && run.deliveries === run.stats.matched) return "(all delivered)";
  const open = Object.entries(run.statuses).filter(([status]) => status !== "delivered");
  return `(INCOMPLETE: ${formatNumber(run.delivered)} of ${formatNumber(run.stats.matched)} delivered${open.length ? `; ${open.map(([s, n]) => `${s} ${n}`).join(", ")}` : ""})`;
}
