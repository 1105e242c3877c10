// The common shape of the scenarios that go through the database: a tenant of their own, publish for
// the phase duration while printing progress, then wait until every counted delivery is delivered (or
// the drain timeout), and collect what the database says happened. By default every endpoint counts;
// a scenario with endpoints that are meant to fail counts only the others.
import type { PublishDeps } from "../server/modules/events/event-publish.service";
import { startAnalyzer } from "./analyzer";
import { cpuBetween, type CpuPercent } from "./cpu-monitor";
import { type BenchTenant, createBenchTenant, type EndpointSettings } from "./fixtures";
import { attemptCount, deliveredCount, deliverySpan, statusCounts } from "./probes";
import { track, waitUntil } from "./progress";
import { createPublishStats, type PublishStats } from "./publisher";
import { type BenchContext, formatNumber } from "./scenario";
import { type ActivityLine, startSqlProfiler } from "./sql-activity";
import { round, type Sample } from "./stats";

export type DeliveryRunOptions = {
  label: string;
  tenantName: string;
  /** One endpoint per URL, each subscribed to every event type. */
  urls: string[];
  endpoints?: EndpointSettings;
  /** Indexes (into `urls`) of the endpoints whose deliveries are counted and waited for; default all. */
  counted?: readonly number[];
  publish(deps: PublishDeps, tenantId: string, stats: PublishStats): Promise<void>;
  /** Extra fields for the progress line. */
  fields?: () => Record<string, number | string>;
};

export type DeliveryRun = {
  tenant: BenchTenant;
  stats: PublishStats;
  /** Ids of the counted endpoints. */
  countedIds: string[];
  /** Deliveries the counted endpoints should receive, and how many they got by the end of the drain. */
  expected: number;
  countedDelivered: number;
  /** Counted endpoints' delivered count, polled once a second from before the first publish to the end of the drain. */
  samples: Sample[];
  drained: boolean;
  statuses: Record<string, number>;
  deliveries: number;
  delivered: number;
  attempts: number;
  firstEventAt: number;
  lastDeliveredAt: number;
  cpu: { publishing?: CpuPercent; draining?: CpuPercent };
  /** With --sql-profile: the statements PostgreSQL was busiest with during the phase. */
  sqlActivity?: ActivityLine[];
};

export async function runDeliveryPhase(ctx: BenchContext, options: DeliveryRunOptions): Promise<DeliveryRun> {
  const { stack, config } = ctx;
  const tenant = await createBenchTenant(stack, options.tenantName, options.urls, options.endpoints);
  const countedIds = options.counted?.map((i) => tenant.endpointIds[i]!) ?? tenant.endpointIds;
  const stats = createPublishStats();
  const read = () => deliveredCount(stack.probe, tenant.tenantId, options.counted ? countedIds : undefined);
  // Every bench endpoint subscribes to everything, so each event matches all of them alike and the
  // counted endpoints' share of the matched deliveries is exact.
  const expected = () => (stats.matched * countedIds.length) / tenant.endpointIds.length;
  const fields = () => ({ published: stats.accepted, expected: expected(), ...(stats.failed ? { "publish errors": stats.failed } : {}), ...options.fields?.() });
  const tracker = track({ label: options.label, counter: "delivered", read, fields, log: ctx.log, cpu: stack.cpu });
  const profiler = config.sqlProfile ? startSqlProfiler(stack.probe) : undefined;
  const analyzer = config.analyze ? startAnalyzer(stack.probe, ctx.log) : undefined;
  const cpuStart = stack.cpu?.read();
  await options.publish(stack.publish, tenant.tenantId, stats).catch(async (error: unknown) => {
    await Promise.all([tracker.stop(), profiler?.stop(), analyzer?.stop()]);
    throw error;
  });
  const cpuPublished = stack.cpu?.read();
  ctx.log(`[${options.label}] published ${formatNumber(stats.accepted)} events; waiting for ${formatNumber(expected())} deliveries (up to ${config.drainTimeoutS} s)…`);
  const drained = await waitUntil(read, expected(), config.drainTimeoutS * 1000);
  const cpuDrained = stack.cpu?.read();
  await Promise.all([tracker.stop(), analyzer?.stop()]);
  const sqlActivity = await profiler?.stop();
  if (sqlActivity) logActivity(ctx, options.label, sqlActivity);
  if (!drained) ctx.log(`[${options.label}] drain timeout: not every counted delivery was delivered within ${config.drainTimeoutS} s`);
  const statuses = await statusCounts(stack.probe, tenant.tenantId);
  const span = await deliverySpan(stack.probe, tenant.tenantId);
  return {
    tenant,
    stats,
    countedIds,
    expected: expected(),
    countedDelivered: await read(),
    samples: tracker.samples,
    drained,
    statuses,
    deliveries: Object.values(statuses).reduce((sum, n) => sum + n, 0),
    delivered: statuses.delivered ?? 0,
    attempts: await attemptCount(stack.probe, tenant.tenantId),
    ...span,
    cpu: {
      publishing: cpuStart && cpuPublished ? cpuBetween(cpuStart, cpuPublished) : undefined,
      draining: cpuPublished && cpuDrained && cpuDrained.at - cpuPublished.at > 500 ? cpuBetween(cpuPublished, cpuDrained) : undefined,
    },
    sqlActivity,
  };
}

export function logActivity(ctx: BenchContext, label: string, lines: ActivityLine[]): void {
  ctx.log(`[${label}] busiest PostgreSQL sessions (average number active at once, state, wait, application: statement):`);
  for (const line of lines) ctx.log(`  ${line.average_active.toFixed(2)}  ${line.state}  ${line.wait}  ${line.application}: ${line.query}`);
}

/** The middle half of the publishing phase (epoch ms): past the ramp-up, before the last publishes. */
export function publishWindow(stats: PublishStats): { from: number; to: number } {
  const length = stats.endedAt - stats.startedAt;
  return { from: stats.startedAt + length / 4, to: stats.startedAt + (3 * length) / 4 };
}

/** A measuring window as the JSON report states it. */
export const windowJson = (from: number, to: number) => ({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), seconds: round((to - from) / 1000) });

/** The counted delivered count over time, seconds from the first publish, for the JSON report. */
export const deliveredTimeline = (run: DeliveryRun) => run.samples.map((s) => ({ t: round((s.at - run.stats.startedAt) / 1000, 2), delivered: s.value }));

/** Publish calls per second over the publishing phase. */
export const publishRate = (stats: PublishStats): number => (stats.accepted * 1000) / Math.max(1, stats.endedAt - stats.startedAt);
