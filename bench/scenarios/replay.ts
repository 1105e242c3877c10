// Replay in drip mode (README "Replays (drip mode)"): does a replay keep to its rate, count exactly,
// and leave fresh events on another endpoint alone? One tenant, two endpoints on the shared receiver:
// - target (invoice.paid, max_concurrency 50): answers 400 while --replay-count events are published
//   to it, so every delivery is dead-lettered at once (failed after one attempt); then it answers 200;
// - fresh (customer.created, max_concurrency 100): a steady --replay-fresh-rate events/s (200) from
//   then on.
// After a baseline of fresh events alone, a replay of the target's failed deliveries at --replay-rate
// is created through POST /api/v1/replays and polled through GET /api/v1/replays/{id} (the real route
// handlers, called in-process with callRoute: no HTTP server) until it completes; the fresh stream stops
// a second later. Measured: the replay's requests as the receiver saw them arrive (rate over the middle
// half, the most in any 1 s window), created → completed, whether the counts are exact, and the fresh
// events' latency (event created → first attempt started) during the replay against the baseline.
import { GET as getReplayRoute } from "../../app/api/v1/replays/[id]/route";
import { POST as createReplayRoute } from "../../app/api/v1/replays/route";
import type { ReplayResource } from "../../server/modules/replays/replay.schemas";
import { callRoute } from "../../server/testing/call-route";
import { busiestWindow } from "../../server/testing/request-windows";
import { cpuBetween, type CpuPercent } from "../cpu-monitor";
import { logActivity } from "../delivery-run";
import { addBenchEndpoint, type BenchTenant, createBenchTenant, HIGH_VOLUME_ENDPOINT } from "../fixtures";
import { attemptStartTimes, deliveredCount, type EndToEndLatency, firstAttemptLatency, statusCounts } from "../probes";
import { track, waitUntil } from "../progress";
import { createPublishStats, publishPaced, type PublishStats } from "../publisher";
import { type BenchContext, cpuRow, formatMs, formatNumber, type Row, type Scenario, type ScenarioResult, sleep } from "../scenario";
import { seedDeliveries } from "../seed";
import { startSqlProfiler } from "../sql-activity";
import { round } from "../stats";

const PATH = { target: "/replay/target", fresh: "/replay/fresh" } as const;
const TYPE = { target: "invoice.paid", fresh: "customer.created" } as const;
const TARGET_MAX_CONCURRENCY = 50;
const FRESH_MAX_IN_FLIGHT = 64;
/** The fresh stream's first seconds (JIT, first connections) are not part of the baseline. */
const WARMUP_S = 2;
const POLL_MS = 250;
const SETTLED_STATES = new Set(["completed", "cancelled", "failed"]);

type Setup = { tenant: BenchTenant; targetId: string; freshId: string; seedSeconds: number };

type ReplayRun = {
  created: ReplayResource;
  final: ReplayResource;
  createdAt: number;
  /** Receiver arrival times (epoch ms) of the target's requests after it switched to 200. */
  times: number[];
  /** The replay attempts' started_at (epoch ms): when the worker sent them. */
  sentTimes: number[];
  fresh: PublishStats;
  freshDrained: boolean;
  baseline: EndToEndLatency;
  during: EndToEndLatency;
  baselineWindow: { from: number; to: number };
  cpu?: CpuPercent;
};

export const replay: Scenario = {
  id: "replay",
  title: "replay",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const setup = await seedFailures(ctx);
    const run = await replayBesideFreshStream(ctx, setup);
    return report(ctx, setup, run, await statusCounts(ctx.stack.probe, setup.tenant.tenantId, [setup.targetId]));
  },
};

const baselineSeconds = (ctx: BenchContext) => (ctx.config.quick ? 5 : 10);

async function seedFailures(ctx: BenchContext): Promise<Setup> {
  const { stack, config } = ctx;
  await stack.receiver.setBehaviour(PATH.target, "error400");
  const tenant = await createBenchTenant(stack, "bench-replay", []);
  const targetId = await addBenchEndpoint(stack, tenant.tenantId, `${stack.receiver.url}${PATH.target}`, { eventTypes: [TYPE.target], maxConcurrency: TARGET_MAX_CONCURRENCY });
  const freshId = await addBenchEndpoint(stack, tenant.tenantId, `${stack.receiver.url}${PATH.fresh}`, { ...HIGH_VOLUME_ENDPOINT, eventTypes: [TYPE.fresh] });
  const failed = async () => (await statusCounts(stack.probe, tenant.tenantId, [targetId])).failed ?? 0;
  const seed = await seedDeliveries(ctx, { label: "replay: seeding failures", tenantId: tenant.tenantId, events: config.replayCount, types: [TYPE.target], settled: failed });
  return { tenant, targetId, freshId, seedSeconds: seed.seconds };
}

async function replayBesideFreshStream(ctx: BenchContext, setup: Setup): Promise<ReplayRun> {
  const { stack, config } = ctx;
  const { tenant } = setup;
  await stack.receiver.setBehaviour(PATH.target, "ok");
  await stack.receiver.watch(PATH.target);
  const fresh = createPublishStats();
  const stop = new AbortController();
  const expectedS = config.replayCount / config.replayRate;
  const maxStreamMs = (baselineSeconds(ctx) + 3 * expectedS + config.drainTimeoutS) * 1000;
  const streaming = publishPaced(stack.publish, tenant.tenantId, { durationMs: maxStreamMs, ratePerSecond: config.replayFreshRate, maxInFlight: FRESH_MAX_IN_FLIGHT, stop: stop.signal, types: [TYPE.fresh] }, fresh);
  let progress: ReplayResource | undefined;
  const replayed = async () => (await stack.receiver.requestTimes(PATH.target)).length;
  const fields = () => ({ "fresh published": fresh.accepted, replay: progress ? `${progress.state} sent ${progress.sent}/${progress.total}` : "not yet" });
  const tracker = track({ label: `replay @${config.replayRate}/s`, counter: "replayed requests", read: replayed, fields, log: ctx.log, cpu: stack.cpu });
  const profiler = config.sqlProfile ? startSqlProfiler(stack.probe) : undefined;
  try {
    await sleep(baselineSeconds(ctx) * 1000);
    const createdAt = Date.now();
    const cpuStart = stack.cpu?.read();
    const created = await callRoute<ReplayResource>(createReplayRoute, {
      token: tenant.apiKey,
      body: { endpoint_id: setup.targetId, statuses: ["failed"], rate_per_second: config.replayRate },
    });
    if (created.status !== 202) throw new Error(`POST /api/v1/replays answered ${created.status}: ${JSON.stringify(created.body)}`);
    const final = await pollUntilSettled(tenant.apiKey, created.body.id, (p) => (progress = p), (3 * expectedS + config.drainTimeoutS) * 1000);
    const cpuEnd = stack.cpu?.read();
    await sleep(1_000);
    stop.abort();
    await streaming;
    const freshDrained = await waitUntil(() => deliveredCount(stack.probe, tenant.tenantId, [setup.freshId]), fresh.matched, config.drainTimeoutS * 1000);
    const times = await stack.receiver.requestTimes(PATH.target);
    if (!times.length) throw new Error(`the receiver saw no replayed request; the replay ended ${JSON.stringify(final)}`);
    const baselineWindow = { from: fresh.startedAt + WARMUP_S * 1000, to: createdAt };
    const scope = { endpointIds: [setup.freshId] };
    return {
      created: created.body,
      final,
      createdAt,
      times,
      sentTimes: await attemptStartTimes(stack.probe, tenant.tenantId, setup.targetId, "replay"),
      fresh,
      freshDrained,
      baseline: await firstAttemptLatency(stack.probe, tenant.tenantId, { ...scope, eventsFrom: baselineWindow.from, eventsTo: baselineWindow.to }),
      during: await firstAttemptLatency(stack.probe, tenant.tenantId, { ...scope, eventsFrom: Math.min(...times), eventsTo: Math.max(...times) }),
      baselineWindow,
      cpu: cpuStart && cpuEnd ? cpuBetween(cpuStart, cpuEnd) : undefined,
    };
  } finally {
    stop.abort();
    await streaming;
    await tracker.stop();
    const activity = await profiler?.stop();
    if (activity) logActivity(ctx, "replay", activity);
  }
}

/** GET /api/v1/replays/{id} until the replay is completed (or cancelled, failed) or the time is up. */
async function pollUntilSettled(apiKey: string, id: string, seen: (progress: ReplayResource) => void, timeoutMs: number): Promise<ReplayResource> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await callRoute<ReplayResource>(getReplayRoute, { token: apiKey, params: { id } });
    if (response.status !== 200) throw new Error(`GET /api/v1/replays/${id} answered ${response.status}: ${JSON.stringify(response.body)}`);
    seen(response.body);
    if (SETTLED_STATES.has(response.body.state) || Date.now() >= deadline) return response.body;
    await sleep(POLL_MS);
  }
}

type Measured = {
  /** Requests/s over the middle half of the span from the first replayed request to the last. */
  middleRate: number;
  maxInOneSecond: number;
  /** The same over the attempts' start times: the worker's pacing without the trip to the receiver. */
  maxInOneSecondSent: number;
  /** Diagnostics for the JSON: arrivals per whole second from the first, and the busiest window by attempt start. */
  perSecond: number[];
  busiestSent: { starts_at_s: number; requests: number; per_100ms: number[] };
  /** created_at → finished_at of the replay resource (ms); NaN when it did not finish. */
  completeMs: number;
  exact: boolean;
  baselineP50Ratio: number;
  baselineP99Ratio: number;
};

function measure(run: ReplayRun, targetStatuses: Record<string, number>): Measured {
  const sorted = [...run.times].sort((a, b) => a - b);
  const first = sorted[0] ?? Number.NaN;
  const span = (sorted.at(-1) ?? Number.NaN) - first;
  const from = first + span / 4;
  const to = first + (3 * span) / 4;
  const inMiddle = sorted.filter((t) => t >= from && t < to).length;
  const { final } = run;
  const exact =
    final.state === "completed" &&
    final.delivered + final.failed + final.skipped === final.total &&
    final.delivered === run.times.length &&
    (targetStatuses.delivered ?? 0) === final.delivered;
  return {
    middleRate: (inMiddle * 1000) / (to - from),
    maxInOneSecond: busiestWindow(run.times).count,
    maxInOneSecondSent: busiestWindow(run.sentTimes).count,
    perSecond: countsPer(sorted, first, 1_000),
    busiestSent: breakdown(run.sentTimes, first),
    completeMs: final.finished_at ? Date.parse(final.finished_at) - Date.parse(final.created_at) : Number.NaN,
    exact,
    baselineP50Ratio: run.during.p50_ms / run.baseline.p50_ms,
    baselineP99Ratio: run.during.p99_ms / run.baseline.p99_ms,
  };
}

/** How many of `sorted` fall in each `stepMs` from `origin` on. */
function countsPer(sorted: readonly number[], origin: number, stepMs: number): number[] {
  const counts: number[] = [];
  for (const t of sorted) {
    const i = Math.floor((t - origin) / stepMs);
    while (counts.length <= i) counts.push(0);
    counts[i]!++;
  }
  return counts;
}

/** Where the busiest 1 s window of attempt starts began (s after the first replayed request) and its requests per 100 ms. */
function breakdown(times: readonly number[], origin: number): Measured["busiestSent"] {
  const window = busiestWindow(times);
  const inWindow = [...times].filter((t) => t >= window.start && t < window.start + 1_000).sort((a, b) => a - b);
  return { starts_at_s: round((window.start - origin) / 1000, 2), requests: window.count, per_100ms: countsPer(inWindow, window.start, 100) };
}

const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "n/a");

function report(ctx: BenchContext, setup: Setup, run: ReplayRun, targetStatuses: Record<string, number>): ScenarioResult {
  const { config } = ctx;
  const m = measure(run, targetStatuses);
  const { final } = run;
  const idealS = final.total / config.replayRate;
  const statuses = Object.entries(targetStatuses).map(([s, n]) => `${s} ${formatNumber(n)}`).join(", ");
  const rows: Row[] = [
    {
      metric: "replayed deliveries",
      value: formatNumber(final.total),
      note: `(failed with 400 on one endpoint, max_concurrency ${TARGET_MAX_CONCURRENCY}; POST /api/v1/replays at ${config.replayRate}/s, route handler in-process)`,
    },
    { metric: "replay rate", value: `${formatNumber(m.middleRate)}/s`, note: `(receiver arrivals over the middle half; target ${config.replayRate}/s)` },
    {
      metric: "max in any 1 s window",
      value: formatNumber(m.maxInOneSecond),
      note: `(receiver arrivals, a window starting at every request; ${formatNumber(m.maxInOneSecondSent)} by the attempts' started_at; rate ${config.replayRate})`,
    },
    { metric: "created → completed", value: `${formatNumber(m.completeMs / 1000)} s`, note: `(state ${final.state}; ${formatNumber(idealS)} s at exactly ${config.replayRate}/s)` },
    {
      metric: "counts exact",
      value: m.exact ? "yes ✓" : "NO ✗",
      note: `(total ${formatNumber(final.total)}: delivered ${formatNumber(final.delivered)} + failed ${final.failed} + skipped ${final.skipped}; receiver saw ${formatNumber(run.times.length)}; endpoint now ${statuses})`,
    },
    ...freshRows(ctx, run, m),
    ...cpuRow("during the replay", run.cpu),
  ];
  return { rows, json: reportJson(ctx, setup, run, m, targetStatuses) };
}

function freshRows(ctx: BenchContext, run: ReplayRun, m: Measured): Row[] {
  const pair = (l: EndToEndLatency) => `${formatMs(l.p50_ms)} / ${formatMs(l.p99_ms)}`;
  const unattempted = (l: EndToEndLatency) => (l.undelivered ? `; ${l.undelivered} without a first attempt, counted at their age` : "");
  return [
    {
      metric: "fresh p50 / p99, baseline",
      value: pair(run.baseline),
      note: `(${ctx.config.replayFreshRate} events/s to another endpoint, no replay; event created → first attempt started; ${formatNumber(run.baseline.count)} events${unattempted(run.baseline)})`,
    },
    { metric: "fresh p50 / p99, during replay", value: pair(run.during), note: `(events created between the first and last replayed request; ${formatNumber(run.during.count)} events${unattempted(run.during)})` },
    { metric: "fresh p50 / p99 ratio", value: `${ratio(m.baselineP50Ratio)} / ${ratio(m.baselineP99Ratio)}`, note: "(during ÷ baseline)" },
  ];
}

const latencyJson = (l: EndToEndLatency) => ({ p50: round(l.p50_ms), p95: round(l.p95_ms), p99: round(l.p99_ms), max: round(l.max_ms), count: l.count, without_first_attempt: l.undelivered });

function reportJson(ctx: BenchContext, setup: Setup, run: ReplayRun, m: Measured, targetStatuses: Record<string, number>) {
  const { config } = ctx;
  return {
    replay_count: config.replayCount,
    rate_per_second: config.replayRate,
    target_max_concurrency: TARGET_MAX_CONCURRENCY,
    seed_seconds: round(setup.seedSeconds),
    via: "POST /api/v1/replays and GET /api/v1/replays/{id} route handlers called in-process (callRoute), no HTTP server",
    replay: run.final,
    receiver_requests: run.times.length,
    achieved_rate_middle_half_per_second: round(m.middleRate),
    max_requests_in_any_1s_window: m.maxInOneSecond,
    max_attempt_starts_in_any_1s_window: m.maxInOneSecondSent,
    busiest_1s_window_by_attempt_start: m.busiestSent,
    requests_per_second_from_first: m.perSecond,
    created_to_completed_seconds: round(m.completeMs / 1000, 2),
    ideal_seconds: round(run.final.total / config.replayRate, 2),
    exact: m.exact,
    target_statuses_after: targetStatuses,
    fresh: {
      rate_per_second: config.replayFreshRate,
      published: run.fresh.accepted,
      publish_errors: run.fresh.failed,
      skipped_slots: run.fresh.skipped,
      all_delivered: run.freshDrained,
      measured: "event created → first attempt started (attempt_number 1), fresh endpoint only",
      baseline_window_s: round((run.baselineWindow.to - run.baselineWindow.from) / 1000),
      baseline_ms: latencyJson(run.baseline),
      during_replay_ms: latencyJson(run.during),
      p50_ratio: round(m.baselineP50Ratio, 3),
      p99_ratio: round(m.baselineP99Ratio, 3),
    },
    cpu_percent_during_replay: run.cpu,
  };
}
