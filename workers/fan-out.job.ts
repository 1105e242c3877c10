// fan-out: one delivery per (event, subscribed endpoint), and a deliver job for each, committed with
// the fan-out job's completion (a transactional worker). At most FAN_OUT_CHUNK endpoints per event
// and about FAN_OUT_ROWS_PER_TRANSACTION deliveries per transaction; a larger fan-out continues in a
// follow-up job from the last endpoint id.
import type { Job, PgBoss } from "pg-boss";
import type { Logger } from "pino";
import type { Sql } from "../server/db/sql";
import { subscriptionPatterns } from "../server/delivery/event-type-match";
import type { RampConfig } from "../server/delivery/pacing";
import { deliverJob, type FanOutJob, QUEUE } from "../server/jobs/queues";
import { newId } from "../server/lib/ids";
import { insertDeliveries, type MatchedEndpoint, matchEndpoints } from "../server/modules/deliveries/fan-out.repo";
import { bookFanOutSlots } from "./fan-out-pacing";

export const FAN_OUT_CHUNK = 1_000;
export const FAN_OUT_ROWS_PER_TRANSACTION = 5_000;
/** Fan-out jobs per transaction: with the minimum chunk of 100, this keeps the row bound. */
export const FAN_OUT_BATCH = 50;

/** Endpoints per event in this transaction: the whole chunk alone, less when many events share it. */
export function chunkFor(events: number): number {
  return Math.max(100, Math.min(FAN_OUT_CHUNK, Math.floor(FAN_OUT_ROWS_PER_TRANSACTION / Math.max(1, events))));
}

export function fanOutHandler(boss: PgBoss, ramp: RampConfig, log: Logger) {
  const fanOut = fanOutBatch(boss, ramp);
  return async (jobs: Job<FanOutJob>[], tx: Sql): Promise<void> => {
    try {
      await fanOut(jobs, tx);
    } catch (error) {
      log.error({ err: error, eventIds: jobs.map((job) => job.data.eventId) }, "fan-out failed; its jobs will be retried");
      throw error;
    }
  };
}

function fanOutBatch(boss: PgBoss, ramp: RampConfig) {
  return async (jobs: Job<FanOutJob>[], tx: Sql): Promise<void> => {
    const chunk = chunkFor(jobs.length);
    const inputs = jobs.map((job) => ({
      tenantId: job.data.tenantId,
      eventId: job.data.eventId,
      patterns: subscriptionPatterns(job.data.type),
      afterEndpointId: job.data.afterEndpointId ?? "",
    }));
    const matched = await matchEndpoints(tx, inputs, chunk);
    const now = Date.now();
    const created = await insertDeliveries(
      tx,
      matched.map((m) => ({ tenantId: m.tenantId, id: newId("dlv", now), eventId: m.eventId, endpointId: m.endpointId, held: !m.enabled })),
    );
    const concurrencyOf = new Map(matched.map((m) => [m.endpointId, m.concurrency]));
    const slots = await bookFanOutSlots(tx, created, matched, ramp);
    const deliverJobs = created.filter((d) => d.status === "pending").map((d) => {
      const slot = slots.get(d.id);
      return deliverJob(d, "initial", { concurrency: concurrencyOf.get(d.endpointId) ?? 1, ...(slot ? { startAfter: slot, slotBooked: true } : {}) });
    });
    if (deliverJobs.length) await boss.insert(QUEUE.deliver, deliverJobs, { db: tx });
    const continuations = continuationsOf(jobs, matched, chunk);
    if (continuations.length) await boss.insert(QUEUE.fanOut, continuations.map((data) => ({ data })), { db: tx });
  };
}

/** Events whose chunk came back full may have more endpoints: continue after the last one. */
function continuationsOf(jobs: Job<FanOutJob>[], matched: MatchedEndpoint[], chunk: number): FanOutJob[] {
  const key = (eventId: string, after: string) => `${eventId}/${after}`;
  const lastByChunk = new Map<string, { count: number; last: string }>();
  for (const m of matched) {
    const entry = lastByChunk.get(key(m.eventId, m.afterEndpointId)) ?? { count: 0, last: "" };
    lastByChunk.set(key(m.eventId, m.afterEndpointId), { count: entry.count + 1, last: m.endpointId > entry.last ? m.endpointId : entry.last });
  }
  return jobs.flatMap((job) => {
    const entry = lastByChunk.get(key(job.data.eventId, job.data.afterEndpointId ?? ""));
    return entry && entry.count >= chunk ? [{ ...job.data, afterEndpointId: entry.last }] : [];
  });
}
