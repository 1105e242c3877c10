// The pg-boss queues shared by web (which enqueues fan-out with the event) and worker. The database
// rows are the source of truth; a job only says "look at this now" (the sweeper re-enqueues anything
// due that lost its job), so queue settings favour speed.
import type { JobInsert, Queue } from "pg-boss";

export const QUEUE = {
  fanOut: "fan-out",
  deliver: "deliver",
  replay: "replay",
  maintenance: "maintenance",
} as const;

type QueueOptions = Omit<Queue, "name">;

/**
 * Finished jobs are kept an hour (for debugging), not pg-boss's default week: at thousands of
 * deliveries a second that would be billions of rows, and the delivery and attempt rows are the record.
 */
const KEEP_FINISHED_SECONDS = 3_600;

export const QUEUE_OPTIONS: Record<(typeof QUEUE)[keyof typeof QUEUE], QueueOptions> = {
  // Fresh events: woken by NOTIFY so the first attempt starts within ~100 ms when idle. A chunk takes
  // well under a second, so a short expiry is what brings back the jobs of a worker that died (the
  // transactional fan-out cannot use heartbeats).
  // Nothing else looks for an event that was never fanned out, so its job never stops retrying
  // (about once a minute once backed off); each failure is logged, and waiting jobs show in metrics.
  [QUEUE.fanOut]: {
    notify: true,
    expireInSeconds: 30,
    deleteAfterSeconds: KEEP_FINISHED_SECONDS,
    retryLimit: 1_000_000,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 60,
  },
  // Expiry well above the 30 s maximum HTTP deadline, and a heartbeat so the jobs of a worker that
  // died mid-attempt come back within ~20 s instead of at expiry. The retry schedule itself lives
  // in the delivery row, not in pg-boss retries (those only cover our own failures).
  [QUEUE.deliver]: {
    notify: true,
    expireInSeconds: 120,
    heartbeatSeconds: 10,
    deleteAfterSeconds: KEEP_FINISHED_SECONDS,
    retryLimit: 20,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 60,
  },
  [QUEUE.replay]: { expireInSeconds: 300, retryLimit: 10, retryDelay: 5 },
  [QUEUE.maintenance]: { policy: "singleton", expireInSeconds: 600, retryLimit: 3, retryDelay: 30 },
};

/** A fan-out job: match the event against endpoints, `afterEndpointId` continues a large fan-out. */
export type FanOutJob = { tenantId: string; eventId: string; type: string; afterEndpointId?: string };

export type DeliveryTrigger = "initial" | "retry" | "replay";
export type DeliverJob = { tenantId: string; deliveryId: string };

/** Higher runs first: fresh traffic is never starved by a retry storm or a replay. */
export const DELIVER_PRIORITY: Record<DeliveryTrigger, number> = { initial: 20, retry: 10, replay: 0 };

/**
 * A deliver job. The group is the endpoint (per-endpoint concurrency caps build on it); the singleton
 * key is the delivery, which lets the sweeper see whether a queued job still exists for it.
 */
export function deliverJob(delivery: { tenantId: string; id: string; endpointId: string }, trigger: DeliveryTrigger, startAfter?: Date): JobInsert<DeliverJob> {
  return {
    data: { tenantId: delivery.tenantId, deliveryId: delivery.id },
    priority: DELIVER_PRIORITY[trigger],
    group: { id: delivery.endpointId },
    singletonKey: delivery.id,
    ...(startAfter ? { startAfter } : {}),
  };
}
