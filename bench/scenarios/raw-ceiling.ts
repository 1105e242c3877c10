// Raw ceiling: what this machine's HTTP stack can do with no database at all. Signed POSTs built by
// the same code the worker uses (buildWebhookRequest) and sent by the same sender (createHttpSender,
// same pool size per origin), to the same receiver, with ~100 in flight. Every end-to-end number is
// read against this one.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { secretFromBytes } from "../../server/delivery/signature";
import { buildWebhookRequest } from "../../server/delivery/webhook-request";
import { newId } from "../../server/lib/ids";
import { createHttpSender, type HttpSender } from "../../workers/http-sender";
import { USER_AGENT } from "../../workers/user-agent";
import { BENCH_EVENT_TYPE, samplePayload } from "../payload";
import { cpuBetween, type CpuPercent, type CpuTotals } from "../cpu-monitor";
import { track, type Tracker } from "../progress";
import { type BenchContext, formatMs, formatNumber, type Scenario, type ScenarioResult } from "../scenario";
import { round, summarize } from "../stats";

const WARMUP_MS = 1_000; // connections and JIT settle before anything is counted
const PATH = "/raw";

type Counters = { ok: number; failed: number; latencies: number[]; failures: Record<string, number> };

export const rawCeiling: Scenario = {
  id: "raw_ceiling",
  title: "raw ceiling",
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const sender = createHttpSender({ allowPrivateTargets: true });
    const secret = secretFromBytes(randomBytes(32));
    const url = `${ctx.stack.receiver.url}${PATH}`;
    const counters: Counters = { ok: 0, failed: 0, latencies: [], failures: {} };
    const measureFrom = Date.now() + WARMUP_MS;
    const deadline = measureFrom + ctx.config.durationS * 1000;
    let tracker: Tracker | undefined;
    let cpuFrom: CpuTotals | undefined;
    const startTracking = setTimeout(() => {
      cpuFrom = ctx.stack.cpu?.read();
      tracker = track({ label: "raw ceiling", counter: "answered", read: async () => counters.ok, log: ctx.log, cpu: ctx.stack.cpu });
    }, WARMUP_MS);
    const loop = async () => {
      for (let sequence = 0; Date.now() < deadline; sequence++) await sendOne(sender, secret, url, sequence, measureFrom, counters);
    };
    try {
      await Promise.all(Array.from({ length: ctx.config.rawInFlight }, loop));
    } finally {
      clearTimeout(startTracking);
      await sender.close();
    }
    const cpuTo = ctx.stack.cpu?.read();
    await tracker?.stop();
    return result(ctx, counters, cpuFrom && cpuTo ? cpuBetween(cpuFrom, cpuTo) : undefined);
  },
};

async function sendOne(sender: HttpSender, secret: string, url: string, sequence: number, measureFrom: number, counters: Counters) {
  const now = Date.now();
  const eventId = newId("evt", now);
  const request = buildWebhookRequest(
    { eventId, type: BENCH_EVENT_TYPE, eventCreatedAt: new Date(now), payload: samplePayload(sequence), secrets: [secret], customHeaders: {} },
    Math.floor(now / 1000),
    USER_AGENT,
  );
  const start = performance.now();
  const sent = await sender.send({ url, headers: request.headers, body: request.body, timeoutMs: 15_000 });
  const elapsed = performance.now() - start;
  if (now < measureFrom) return; // started during the warm-up
  if (sent.kind === "response" && sent.status >= 200 && sent.status < 300) {
    counters.ok++;
    counters.latencies.push(elapsed);
  } else {
    counters.failed++;
    const key = sent.kind === "response" ? `status ${sent.status}` : sent.errorKind;
    counters.failures[key] = (counters.failures[key] ?? 0) + 1;
  }
}

function result(ctx: BenchContext, counters: Counters, cpu: CpuPercent | undefined): ScenarioResult {
  const perSecond = counters.ok / ctx.config.durationS;
  const latency = summarize(counters.latencies);
  return {
    rows: [
      { metric: "requests/s", value: formatNumber(perSecond), note: `${ctx.config.rawInFlight} in flight, worker's sender settings` },
      { metric: "request latency p50", value: formatMs(latency.p50) },
      { metric: "request latency p99", value: formatMs(latency.p99) },
      ...(counters.failed ? [{ metric: "failed requests", value: formatNumber(counters.failed), note: JSON.stringify(counters.failures) }] : []),
    ],
    json: {
      requests: counters.ok,
      requests_per_second: round(perSecond),
      failed: counters.failed,
      failures: counters.failures,
      latency_ms: { p50: round(latency.p50, 2), p95: round(latency.p95, 2), p99: round(latency.p99, 2), max: round(latency.max, 2), mean: round(latency.mean, 2) },
      in_flight: ctx.config.rawInFlight,
      cpu_percent: cpu,
    },
  };
}
