// Read API latency: GET /api/v1/deliveries (first page, a deep walk by cursor, filtered by status, by
// endpoint and by an event-type wildcard) and GET /api/v1/events, through the real route handlers called
// in-process with callRoute (server/testing/call-route.ts): a Request object in, the handler's Response
// out. Authentication, the per-key rate limit (set out of reach: web-process.ts), query parsing, SQL,
// mapping and JSON serialisation are measured; an HTTP server, sockets and the network are not.
// Dataset: a tenant of its own with 10 endpoints subscribed to everything (7 answer 200, 3 answer 400:
// failed at once), --read-deliveries / 10 events over the 4 registered types in turn (two of them
// invoice.*), published through publishEvent until every delivery has settled; then ANALYZE, as
// autovacuum would shortly after such a load. The database also holds the earlier scenarios' rows
// (other tenants), as a shared installation would.
// Each read: a few unmeasured warm-up calls, then --read-calls calls one after another, 100 rows a page;
// the deep walk follows next_cursor for 20 pages and starts over. Then MIX_CALLERS callers in parallel
// cycle through all six reads for MIX_S seconds: requests/s and latency under contention.
import { performance } from "node:perf_hooks";
import { GET as listDeliveriesRoute } from "../../app/api/v1/deliveries/route";
import { GET as listEventsRoute } from "../../app/api/v1/events/route";
import { TEST_EVENT_TYPES } from "../../server/testing/tenant-fixture";
import { callRoute } from "../../server/testing/call-route";
import { cpuBetween, type CpuPercent } from "../cpu-monitor";
import { type BenchTenant, createBenchTenant, HIGH_VOLUME_ENDPOINT } from "../fixtures";
import { statusCounts } from "../probes";
import { type BenchContext, cpuRow, formatMs, formatNumber, type Row, type Scenario, type ScenarioResult } from "../scenario";
import { seedDeliveries } from "../seed";
import { type LatencySummary, round, summarize } from "../stats";
import { BENCH_API_RATE_LIMIT } from "../web-process";

const ENDPOINTS = 10;
const FAILING = 3;
const PAGE = 100;
const WALK_PAGES = 20;
const WARMUP_CALLS = 5;
const MIX_CALLERS = 8;
const TYPE_WILDCARD = "invoice.*";

type Handler = Parameters<typeof callRoute>[0];
type Page = { data: unknown[]; next_cursor: string | null };
type Read = { id: string; label: string; handler: Handler; query: string };
type Measured = { read: Read; latency: LatencySummary; shortPages: number };
type Mix = { calls: number; seconds: number; latency: LatencySummary; cpu?: CpuPercent };

export const apiRead: Scenario = {
  id: "api_read",
  title: "api read",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const { tenant, seedSeconds } = await seed(ctx);
    const calls = ctx.config.readCalls;
    const reads = readsOf(tenant);
    const measured: Measured[] = [];
    for (const read of reads) measured.push(await measureRead(ctx, tenant.apiKey, read, calls));
    const walk = await measureWalk(ctx, tenant.apiKey, calls);
    const mix = await measureMix(ctx, tenant.apiKey, mixOf(reads, walk.cursors));
    return report(ctx, { tenant, seedSeconds, measured, walk, mix, statuses: await statusCounts(ctx.stack.probe, tenant.tenantId) });
  },
};

const mixSeconds = (ctx: BenchContext) => (ctx.config.quick ? 3 : 5);

async function seed(ctx: BenchContext): Promise<{ tenant: BenchTenant; seedSeconds: number }> {
  const { stack, config } = ctx;
  await stack.receiver.setBehaviour("/api-read/fail/", "error400");
  const urls = Array.from({ length: ENDPOINTS }, (_, i) => `${stack.receiver.url}/api-read/${i < FAILING ? "fail" : "ok"}/${i}`);
  const tenant = await createBenchTenant(stack, "bench-api-read", urls, HIGH_VOLUME_ENDPOINT);
  const settled = async () => {
    const counts = await statusCounts(stack.probe, tenant.tenantId);
    return (counts.delivered ?? 0) + (counts.failed ?? 0);
  };
  const events = Math.ceil(config.readDeliveries / ENDPOINTS);
  const { seconds } = await seedDeliveries(ctx, { label: "api read: seeding", tenantId: tenant.tenantId, events, types: TEST_EVENT_TYPES, settled });
  ctx.log("[api read] ANALYZE deliveries, events…");
  await stack.probe.query("ANALYZE deliveries");
  await stack.probe.query("ANALYZE events");
  return { tenant, seedSeconds: seconds };
}

const deliveries = (query: string) => `/api/v1/deliveries?limit=${PAGE}${query}`;
const FIRST_PAGE: Read = { id: "deliveries_first_page", label: "deliveries, page 1", handler: listDeliveriesRoute, query: deliveries("") };

function readsOf(tenant: BenchTenant): Read[] {
  return [
    FIRST_PAGE,
    { id: "deliveries_status_failed", label: "deliveries, status=failed", handler: listDeliveriesRoute, query: deliveries("&status=failed") },
    { id: "deliveries_endpoint", label: "deliveries, endpoint_id", handler: listDeliveriesRoute, query: deliveries(`&endpoint_id=${tenant.endpointIds[FAILING]}`) },
    {
      id: "deliveries_event_type_wildcard",
      label: `deliveries, event_type=${TYPE_WILDCARD}`,
      handler: listDeliveriesRoute,
      query: deliveries(`&event_type=${encodeURIComponent(TYPE_WILDCARD)}`),
    },
    { id: "events_first_page", label: "events, page 1", handler: listEventsRoute, query: `/api/v1/events?limit=${PAGE}` },
  ];
}

const deepPage = (cursor: string): Read => ({ id: "deep", label: "deep page", handler: listDeliveriesRoute, query: deliveries(`&cursor=${cursor}`) });

/** One call, timed from building the Request to the parsed body; anything but 200 stops the scenario. */
async function timedGet(apiKey: string, read: Read): Promise<{ ms: number; page: Page }> {
  const start = performance.now();
  const response = await callRoute<Page>(read.handler, { token: apiKey, path: read.query });
  const ms = performance.now() - start;
  if (response.status !== 200) throw new Error(`GET ${read.query} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
  return { ms, page: response.body };
}

async function measureRead(ctx: BenchContext, apiKey: string, read: Read, calls: number): Promise<Measured> {
  for (let i = 0; i < WARMUP_CALLS; i++) await timedGet(apiKey, read);
  const samples: number[] = [];
  let shortPages = 0;
  for (let i = 0; i < calls; i++) {
    const { ms, page } = await timedGet(apiKey, read);
    samples.push(ms);
    if (page.data.length < PAGE) shortPages++;
  }
  const latency = summarize(samples);
  ctx.log(`[api read] ${read.label}: p50 ${formatMs(latency.p50)}, p99 ${formatMs(latency.p99)} over ${calls} calls`);
  return { read, latency, shortPages };
}

type Walk = { latency: LatencySummary; walks: number; shortPages: number; p50ByPage: number[]; cursors: string[] };

/** Pages 1…WALK_PAGES by next_cursor, again and again until `calls` pages were read (page 1 is warm by now). */
async function measureWalk(ctx: BenchContext, apiKey: string, calls: number): Promise<Walk> {
  const byPage: number[][] = Array.from({ length: WALK_PAGES }, () => []);
  const cursors = new Set<string>();
  let shortPages = 0;
  let walks = 0;
  for (let done = 0; done < calls; walks++) {
    let read = FIRST_PAGE;
    for (let page = 0; page < WALK_PAGES && done < calls; page++, done++) {
      const { ms, page: body } = await timedGet(apiKey, read);
      byPage[page]!.push(ms);
      if (body.data.length < PAGE) shortPages++;
      if (!body.next_cursor) break;
      cursors.add(body.next_cursor);
      read = deepPage(body.next_cursor);
    }
  }
  const latency = summarize(byPage.flat());
  ctx.log(`[api read] deep walk (${WALK_PAGES} pages): p50 ${formatMs(latency.p50)}, p99 ${formatMs(latency.p99)} over ${calls} pages`);
  return { latency, walks, shortPages, p50ByPage: byPage.map((samples) => summarize(samples).p50), cursors: [...cursors] };
}

/** The mix's i-th call: the five reads and, sixth, a page from the walk (a different depth each time). */
function mixOf(reads: Read[], cursors: string[]): (i: number) => Read {
  const kinds = reads.length + 1;
  return (i) => (i % kinds < reads.length ? reads[i % kinds]! : deepPage(cursors[i % cursors.length]!));
}

/** MIX_CALLERS loops, each taking `pick(i)` for i = its own offset, +1, +2, …, for mixSeconds. */
async function measureMix(ctx: BenchContext, apiKey: string, pick: (i: number) => Read): Promise<Mix> {
  const samples: number[] = [];
  const cpuStart = ctx.stack.cpu?.read();
  const startedAt = performance.now();
  const deadline = startedAt + mixSeconds(ctx) * 1000;
  const caller = async (offset: number) => {
    for (let i = offset; performance.now() < deadline; i++) samples.push((await timedGet(apiKey, pick(i))).ms);
  };
  await Promise.all(Array.from({ length: MIX_CALLERS }, (_, i) => caller(i * 7)));
  const seconds = (performance.now() - startedAt) / 1000;
  const cpuEnd = ctx.stack.cpu?.read();
  const mix = { calls: samples.length, seconds, latency: summarize(samples), cpu: cpuStart && cpuEnd ? cpuBetween(cpuStart, cpuEnd) : undefined };
  ctx.log(`[api read] ${MIX_CALLERS} in parallel: ${formatNumber(mix.calls / seconds)} requests/s, p99 ${formatMs(mix.latency.p99)}`);
  return mix;
}

type Outcome = { tenant: BenchTenant; seedSeconds: number; measured: Measured[]; walk: Walk; mix: Mix; statuses: Record<string, number> };

const triple = (l: LatencySummary) => `${formatMs(l.p50)} / ${formatMs(l.p95)} / ${formatMs(l.p99)}`;
const short = (n: number) => (n ? `; ${n} pages had fewer than ${PAGE} rows` : "");

function report(ctx: BenchContext, outcome: Outcome): ScenarioResult {
  const { config } = ctx;
  const { measured, walk, mix, statuses } = outcome;
  const deliveries = Object.values(statuses).reduce((sum, n) => sum + n, 0);
  const rows: Row[] = [
    {
      metric: "dataset",
      value: `${formatNumber(deliveries)} deliveries`,
      note: `(${Object.entries(statuses).map(([s, n]) => `${s} ${formatNumber(n)}`).join(", ")}; ${ENDPOINTS} endpoints; seeded in ${formatNumber(outcome.seedSeconds)} s, then ANALYZE)`,
    },
    { metric: "via", value: "callRoute", note: "(the real Next route handlers called in-process: no HTTP server or socket; per-key API rate limit set out of reach)" },
    ...measured.map((m) => ({ metric: `${m.read.label} p50/p95/p99`, value: triple(m.latency), note: `(${config.readCalls} calls, limit ${PAGE}${short(m.shortPages)})` })),
    {
      metric: `deep walk, ${WALK_PAGES} pages p50/p95/p99`,
      value: triple(walk.latency),
      note: `(per page, ${config.readCalls} pages; page 1 / page ${WALK_PAGES} p50 ${formatMs(walk.p50ByPage[0]!)} / ${formatMs(walk.p50ByPage.at(-1)!)}${short(walk.shortPages)})`,
    },
    {
      metric: `mix, ${MIX_CALLERS} in parallel`,
      value: `${formatNumber(mix.calls / mix.seconds)} requests/s`,
      note: `(p50 / p99 ${formatMs(mix.latency.p50)} / ${formatMs(mix.latency.p99)}; all six reads in turn for ${formatNumber(mix.seconds)} s)`,
    },
    ...cpuRow("during the mix", mix.cpu),
  ];
  return { rows, json: reportJson(ctx, outcome, deliveries) };
}

const latencyJson = (l: LatencySummary) => ({ p50: round(l.p50, 2), p95: round(l.p95, 2), p99: round(l.p99, 2), max: round(l.max, 2), count: l.count });

function reportJson(ctx: BenchContext, { seedSeconds, measured, walk, mix, statuses }: Outcome, deliveries: number) {
  return {
    via: "callRoute: the real route handlers called in-process with a Request object; no HTTP server, socket or network hop",
    api_rate_limit: { per_second: BENCH_API_RATE_LIMIT.perSecond, burst: BENCH_API_RATE_LIMIT.burst, note: "set out of reach for the bench process" },
    dataset: { deliveries, statuses, endpoints: ENDPOINTS, failing_endpoints: FAILING, event_types: TEST_EVENT_TYPES, seed_seconds: round(seedSeconds), analyzed: true },
    page_size: PAGE,
    calls_per_read: ctx.config.readCalls,
    warmup_calls_per_read: WARMUP_CALLS,
    reads_ms: Object.fromEntries(measured.map((m) => [m.read.id, { query: m.read.query.replace(/endpoint_id=[^&]+/, "endpoint_id=…"), ...latencyJson(m.latency), short_pages: m.shortPages }])),
    deep_walk_ms: { pages_per_walk: WALK_PAGES, walks: walk.walks, ...latencyJson(walk.latency), p50_by_page: walk.p50ByPage.map((v) => round(v, 2)), short_pages: walk.shortPages },
    mix: {
      callers: MIX_CALLERS,
      seconds: round(mix.seconds, 2),
      calls: mix.calls,
      requests_per_second: round(mix.calls / mix.seconds),
      latency_ms: latencyJson(mix.latency),
      cpu_percent: mix.cpu,
    },
  };
}
