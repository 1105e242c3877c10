// Isolation (DESIGN §5, §9): do failing customers slow the healthy ones down? Two phases on the same
// stack, at the same publish rate for the same time, each with a tenant of its own and 100 endpoints:
// 1. baseline: all 100 answer 200;
// 2. isolation: 60 answer 200, 30 are black-holed (the connection is accepted and the request read,
//    but no answer ever comes, so every attempt holds whatever the worker gave it until the endpoint's
//    deadline) and 10 answer 500 (fast failures, retried on the schedule).
// The healthy 60 are measured alike in both phases, over the middle half of the publishing: their
// deliveries/s, and event created → delivered p50/p95/p99 of the events created in that window. The
// verdict is isolation ÷ baseline: p99 at most 1.5×, throughput at least 0.90×.
//
// Load: every event fans out to all 100 endpoints at 8 events/s, so the baseline offers 800
// deliveries/s, 480/s of them to the healthy 60: about a third of the ~2,500/s end-to-end ceiling of
// a 2-core machine. The baseline is then an unloaded system, and what the healthy lose in phase 2 is
// what the failing endpoints cost them. Fanning out to everyone (rather than routing events to the
// healthy only) is what a customer base where everyone subscribes to the same event looks like.
//
// Topology, the same in both phases: every endpoint is its own origin (own port), as real customers
// are, since the worker pools connections per origin. The healthy 60 listen on one receiver thread,
// the 40 others on a second one (answering 200 in the baseline), so faulty connections share neither
// a connection pool nor an event loop with healthy ones. All 100 have a 5 s deadline (timeout_ms).
//
// Before the baseline, an unmeasured 3 s warm-up with the same load on a tenant of its own: the
// worker's first seconds (JIT, the first connections to each origin, cold query plans) would otherwise
// fall on the baseline alone and make the ratios look better than they are.
import { type DeliveryRun, deliveredTimeline, publishRate, publishWindow, runDeliveryPhase, windowJson } from "../delivery-run";
import { endToEndLatency, type EndToEndLatency, p99BySecond } from "../probes";
import { publishPaced } from "../publisher";
import { type BenchReceiver, type ReceiverCounts, startBenchReceiver } from "../receiver";
import type { Behaviour } from "../receiver-protocol";
import { type BenchContext, cpuRow, formatMs, formatNumber, type Row, type Scenario, type ScenarioResult } from "../scenario";
import { rateBetween, round } from "../stats";

const HEALTHY = 60;
const BLACKHOLED = 30;
const FAILING = 10;
const ENDPOINTS = HEALTHY + BLACKHOLED + FAILING;
const EVENTS_PER_SECOND = 8;
const TIMEOUT_MS = 5_000;
const MAX_PUBLISHES_IN_FLIGHT = 16;
const WARMUP_S = 3;
const TARGET = { p99Ratio: 1.5, throughputRatio: 0.9 } as const;

type Phase = "warm-up" | "baseline" | "isolation";
type Receivers = { healthy: BenchReceiver; faulty: BenchReceiver };
type Window = { from: number; to: number };

type PhaseResult = {
  run: DeliveryRun;
  window: Window;
  /** Healthy deliveries/s over the window. */
  throughput: number;
  /** Healthy deliveries of the events created in the window, and of all the phase's events. */
  latency: EndToEndLatency;
  latencyAll: EndToEndLatency;
  /** p99 per second of event creation since the first publish (JSON only: where the tail came from). */
  p99BySecond: { second: number; p99_ms: number }[];
  /** What the faulty receiver saw during the phase (publishing and drain). */
  faulty: ReceiverCounts;
  /** Per black-holed endpoint (path), the most requests that were open at once. */
  held: { byPath: Record<string, number>; reached: number; maxPerEndpoint: number };
};

/** Endpoint i: the first HEALTHY answer 200, then the black-holed, then the failing ones. */
const behaviourOf = (i: number): Behaviour => (i < HEALTHY ? "ok" : i < HEALTHY + BLACKHOLED ? "blackhole" : "error500");
const HEALTHY_INDEXES = Array.from({ length: HEALTHY }, (_, i) => i);

export const isolation: Scenario = {
  id: "isolation",
  title: "isolation",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const receivers = await startReceivers();
    // Closing the receivers destroys the black-holed sockets still open, so nothing hangs after this.
    try {
      await publishPhase(ctx, receivers, "warm-up", WARMUP_S);
      const baseline = await measurePhase(ctx, receivers, "baseline");
      const isolated = await measurePhase(ctx, receivers, "isolation");
      return report(ctx, baseline, isolated);
    } finally {
      await Promise.all([receivers.healthy.close(), receivers.faulty.close()]);
    }
  },
};

async function startReceivers(): Promise<Receivers> {
  const [healthy, faulty] = await Promise.all([startBenchReceiver({ ports: HEALTHY }), startBenchReceiver({ ports: ENDPOINTS - HEALTHY })]);
  // Paths name the phase and the behaviour, so the baseline's paths on the same ports stay healthy.
  for (const behaviour of ["blackhole", "error500"] as const) await faulty.setBehaviour(`/isolation/${behaviour}/`, behaviour);
  return { healthy, faulty };
}

function endpointUrl(receivers: Receivers, phase: Phase, i: number): string {
  const origin = i < HEALTHY ? receivers.healthy.urls[i] : receivers.faulty.urls[i - HEALTHY];
  return `${origin}/${phase}/${phase === "isolation" ? behaviourOf(i) : "ok"}/${i}`;
}

const countsSince = (now: ReceiverCounts, before: ReceiverCounts): ReceiverCounts => ({
  requests: now.requests - before.requests,
  ok: now.ok - before.ok,
  errors: now.errors - before.errors,
  blackholed: now.blackholed - before.blackholed,
  held: now.held,
});

/** Publishes for `durationS` and waits for the healthy deliveries; `faulty` feeds the progress line. */
function publishPhase(ctx: BenchContext, receivers: Receivers, phase: Phase, durationS: number, faulty?: () => ReceiverCounts): Promise<DeliveryRun> {
  return runDeliveryPhase(ctx, {
    label: `isolation: ${phase}`,
    tenantName: `bench-isolation-${phase}`,
    urls: Array.from({ length: ENDPOINTS }, (_, i) => endpointUrl(receivers, phase, i)),
    endpoints: { timeoutMs: TIMEOUT_MS },
    counted: HEALTHY_INDEXES,
    publish: (deps, tenantId, stats) =>
      publishPaced(deps, tenantId, { durationMs: durationS * 1000, ratePerSecond: EVENTS_PER_SECOND, maxInFlight: MAX_PUBLISHES_IN_FLIGHT }, stats),
    fields: faulty && (() => faultyFields(faulty())),
  });
}

async function measurePhase(ctx: BenchContext, receivers: Receivers, phase: Phase): Promise<PhaseResult> {
  const before = receivers.faulty.counts();
  const faulty = () => countsSince(receivers.faulty.counts(), before);
  const run = await publishPhase(ctx, receivers, phase, ctx.config.isolationDurationS, phase === "isolation" ? faulty : undefined);
  const window = publishWindow(run.stats);
  const scope = { endpointIds: run.countedIds, includeUndelivered: true };
  return {
    run,
    window,
    throughput: rateBetween(run.samples, window.from, window.to),
    latency: await endToEndLatency(ctx.stack.probe, run.tenant.tenantId, { ...scope, eventsFrom: window.from, eventsTo: window.to }),
    latencyAll: await endToEndLatency(ctx.stack.probe, run.tenant.tenantId, scope),
    p99BySecond: await p99BySecond(ctx.stack.probe, run.tenant.tenantId, run.stats.startedAt, scope),
    faulty: faulty(),
    held: await heldIn(receivers.faulty, phase),
  };
}

async function heldIn(faulty: BenchReceiver, phase: Phase): Promise<PhaseResult["held"]> {
  const byPath = Object.fromEntries(Object.entries(await faulty.maxHeld()).filter(([path]) => path.startsWith(`/${phase}/`)));
  const held = Object.values(byPath);
  return { byPath, reached: held.length, maxPerEndpoint: Math.max(0, ...held) };
}

/** Progress: what the faulty endpoints got so far, and how many black-holed requests are open now. */
const faultyFields = (counts: ReceiverCounts) => ({ "black-holed": counts.blackholed, "held open": counts.held, "500s": counts.errors });

/** `p99RatioWholePhase` (every event, ramp-up and first deadlines included) is shown, not judged. */
type Verdict = { p99Ratio: number; p99RatioWholePhase: number; throughputRatio: number; p99Ok: boolean; throughputOk: boolean };

function judge(baseline: PhaseResult, isolated: PhaseResult): Verdict {
  const p99Ratio = isolated.latency.p99_ms / baseline.latency.p99_ms;
  const p99RatioWholePhase = isolated.latencyAll.p99_ms / baseline.latencyAll.p99_ms;
  const throughputRatio = isolated.throughput / baseline.throughput;
  return { p99Ratio, p99RatioWholePhase, throughputRatio, p99Ok: p99Ratio <= TARGET.p99Ratio, throughputOk: throughputRatio >= TARGET.throughputRatio };
}

const verdictNote = (ok: boolean, target: string) => `(isolation ÷ baseline, target ${target} ${ok ? "✓" : "✗"})`;

function report(ctx: BenchContext, baseline: PhaseResult, isolated: PhaseResult): ScenarioResult {
  const v = judge(baseline, isolated);
  const rows: Row[] = [
    { metric: "endpoints", value: `${HEALTHY} / ${BLACKHOLED} / ${FAILING}`, note: `(healthy / black-holed / 500; each its own origin; timeout_ms ${formatNumber(TIMEOUT_MS)} on all)` },
    { metric: "load", value: `${EVENTS_PER_SECOND} events/s`, note: `(× ${ENDPOINTS} endpoints, ${ctx.config.isolationDurationS} s per phase; achieved ${formatNumber(publishRate(baseline.run.stats))} / ${formatNumber(publishRate(isolated.run.stats))} per s)` },
    ...phaseRows(ctx, "baseline", baseline),
    ...phaseRows(ctx, "isolation", isolated),
    { metric: "healthy p99 ratio", value: `${lowerBound(isolated.latency)}${formatRatio(v.p99Ratio)}×`, note: verdictNote(v.p99Ok, `≤ ${TARGET.p99Ratio}`) },
    {
      metric: "healthy p99, whole phases",
      value: `${formatMs(baseline.latencyAll.p99_ms)} / ${lowerBound(isolated.latencyAll)}${formatMs(isolated.latencyAll.p99_ms)}`,
      note: `(baseline / isolation, every event, incl. the ramp-up and the first round of deadlines: ${formatRatio(v.p99RatioWholePhase)}×, not judged)`,
    },
    { metric: "healthy throughput ratio", value: `${formatRatio(v.throughputRatio)}×`, note: verdictNote(v.throughputOk, `≥ ${TARGET.throughputRatio.toFixed(2)}`) },
    ...faultyRows(isolated),
    ...cpuRow("baseline, publishing", baseline.run.cpu.publishing),
    ...cpuRow("isolation, publishing", isolated.run.cpu.publishing),
  ];
  return { rows, json: reportJson(ctx, baseline, isolated, v) };
}

function reportJson(ctx: BenchContext, baseline: PhaseResult, isolated: PhaseResult, v: Verdict) {
  return {
    endpoints: { healthy: HEALTHY, blackholed: BLACKHOLED, error500: FAILING, origin_per_endpoint: true, timeout_ms: TIMEOUT_MS },
    events_per_second: EVENTS_PER_SECOND,
    publish_seconds_per_phase: ctx.config.isolationDurationS,
    measured: "healthy endpoints only; deliveries/s over the middle half of publishing; latency (event created → delivered) of the events created in it, undelivered ones at their age (a lower bound)",
    baseline: phaseJson(baseline),
    isolation: { ...phaseJson(isolated), ...faultyJson(isolated) },
    p99_ratio: round(v.p99Ratio, 3),
    p99_ratio_is_lower_bound: isolated.latency.undelivered > 0,
    p99_ratio_target: TARGET.p99Ratio,
    p99_ratio_whole_phase: round(v.p99RatioWholePhase, 3),
    p99_ok: v.p99Ok,
    throughput_ratio: round(v.throughputRatio, 3),
    throughput_ratio_target: TARGET.throughputRatio,
    throughput_ok: v.throughputOk,
    isolated: v.p99Ok && v.throughputOk,
  };
}

/** "≥ " when undelivered deliveries entered the percentiles at their age so far. */
const lowerBound = (latency: EndToEndLatency): string => (latency.undelivered ? "≥ " : "");

const formatRatio = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : "n/a");

function deliveredNote({ run }: PhaseResult, drainTimeoutS: number): string {
  if (run.countedDelivered >= run.expected) return "(all delivered)";
  return `(INCOMPLETE: ${formatNumber(run.countedDelivered)} of ${formatNumber(run.expected)} within the ${drainTimeoutS} s drain timeout)`;
}

function phaseRows(ctx: BenchContext, phase: Phase, result: PhaseResult): Row[] {
  const { latency } = result;
  const undelivered = latency.undelivered ? `; ${formatNumber(latency.undelivered)} not delivered by the end of the drain, counted at their age` : "";
  return [
    { metric: `healthy delivered (${phase})`, value: formatNumber(result.run.countedDelivered), note: deliveredNote(result, ctx.config.drainTimeoutS) },
    { metric: `healthy deliveries/s (${phase})`, value: formatNumber(result.throughput), note: "(middle half of publishing)" },
    { metric: `healthy p50 / p95 (${phase})`, value: `${lowerBound(latency)}${formatMs(latency.p50_ms)} / ${formatMs(latency.p95_ms)}` },
    { metric: `healthy p99 (${phase})`, value: `${lowerBound(latency)}${formatMs(latency.p99_ms)}`, note: `(event created → delivered, events of that window${undelivered})` },
  ];
}

function faultyRows(result: PhaseResult): Row[] {
  const { held } = result;
  return [
    { metric: "black-holed requests", value: formatNumber(result.faulty.blackholed), note: `(publishing + drain; ${held.reached} of ${BLACKHOLED} endpoints reached; at most ${held.maxPerEndpoint} open at once on one endpoint)` },
    { metric: "500 answers", value: formatNumber(result.faulty.errors), note: `(publishing + drain, ${FAILING} endpoints)` },
    { metric: "isolation tenant statuses", value: formatNumber(result.run.deliveries), note: `(${Object.entries(result.run.statuses).map(([s, n]) => `${s} ${formatNumber(n)}`).join(", ")})` },
  ];
}

const latencyJson = (latency: EndToEndLatency) => ({
  p50: round(latency.p50_ms),
  p95: round(latency.p95_ms),
  p99: round(latency.p99_ms),
  max: round(latency.max_ms),
  count: latency.count,
  undelivered: latency.undelivered,
});

function phaseJson(result: PhaseResult) {
  const { run } = result;
  return {
    events_published: run.stats.accepted,
    publish_rate_per_second: round(publishRate(run.stats)),
    publish_errors: run.stats.failed,
    skipped_slots: run.stats.skipped,
    healthy_expected: run.expected,
    healthy_delivered: run.countedDelivered,
    all_healthy_delivered: run.drained,
    healthy_deliveries_per_second: round(result.throughput),
    window: windowJson(result.window.from, result.window.to),
    healthy_latency_ms: latencyJson(result.latency),
    healthy_latency_ms_all_events: latencyJson(result.latencyAll),
    healthy_p99_ms_by_second: result.p99BySecond.map((s) => ({ t: s.second, p99: round(s.p99_ms) })),
    statuses: run.statuses,
    attempts: run.attempts,
    cpu_percent: run.cpu,
    healthy_delivered_timeline: deliveredTimeline(run),
  };
}

const faultyJson = ({ faulty, held }: PhaseResult) => ({
  blackholed_requests: faulty.blackholed,
  blackholed_endpoints_reached: held.reached,
  blackhole_max_open_per_endpoint: held.maxPerEndpoint,
  blackhole_max_open_by_path: held.byPath,
  error500_requests: faulty.errors,
});
