// The pg-boss queues shared by web (which enqueues fan-out with the event) and worker. The database
// rows are the source of truth; a job only says "look at this now" (the sweeper re-enqueues anything
// due that lost its job), so queue settings favour speed.
import type { JobInsert, Queue } from "pg-boss";

export const QUEUE = {
  fanOut: "fan-out",
  deliver: "deliver",
  /** Drips a replay's next deliveries into the deliver queue at its rate (one queued per replay). */
  replayTick: "replay-tick",
  maintenance: "maintenance",
  /** Moves an endpoint's held deliveries back into the queue, paced by its ramp (circuit closed, or enabled). */
  releaseHeld: "release-held",
  /** Wakes one held delivery to probe an open circuit once its cooldown has passed. */
  circuitProbe: "circuit-probe",
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
  // Expiry well above the 30 s maximum HTTP deadline, and a heartbeat (the dispatcher touches its jobs
  // every 5 s) so the jobs of a worker that died mid-attempt come back within ~20 s instead of at
  // expiry. No NOTIFY: the dispatcher polls every 50 ms when idle anyway (retries and paced slots are
  // deferred jobs no NOTIFY announces), so it would only add a pg_notify to every insert. The retry
  // schedule lives in the delivery row, not in pg-boss retries (those only cover our own failures).
  [QUEUE.deliver]: {
    notify: false,
    expireInSeconds: 120,
    heartbeatSeconds: 10,
    deleteAfterSeconds: KEEP_FINISHED_SECONDS,
    retryLimit: 20,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 60,
  },
  // "short": at most one queued tick per replay (singletonKey = replay id), however many parties ask
  // for one (the previous tick, resume, a claim that put an item back); a duplicate is dropped.
  [QUEUE.replayTick]: { policy: "short", notify: true, expireInSeconds: 60, retryLimit: 1_000, retryDelay: 1, retryBackoff: true, retryDelayMax: 30, deleteAfterSeconds: KEEP_FINISHED_SECONDS },
  [QUEUE.maintenance]: { policy: "singleton", expireInSeconds: 600, retryLimit: 3, retryDelay: 30 },
  // One per endpoint at a time (singletonKey = endpoint id); both are cheap and idempotent.
  [QUEUE.releaseHeld]: { expireInSeconds: 60, retryLimit: 1_000, retryDelay: 1, retryBackoff: true, retryDelayMax: 30, deleteAfterSeconds: KEEP_FINISHED_SECONDS },
  [QUEUE.circuitProbe]: { expireInSeconds: 60, retryLimit: 1_000, retryDelay: 1, retryBackoff: true, retryDelayMax: 30, deleteAfterSeconds: KEEP_FINISHED_SECONDS },
};

/** Jobs that act on one endpoint: release its held deliveries, or probe its open circuit. */
export type EndpointJob = { tenantId: string; endpointId: string };

/** A fan-out job: match the event against endpoints, `afterEndpointId` continues a large fan-out. */
export type FanOutJob = { tenantId: string; eventId: string; type: string; afterEndpointId?: string };

export type DeliveryTrigger = "initial" | "retry" | "replay";
/**
 * `slotBooked`: the delivery was deferred to its rate-limit slot, which it holds already.
 * `replayId`: the job sends the delivery again for this replay (DESIGN §5 replay drip mode).
 */
export type DeliverJob = { tenantId: string; deliveryId: string; slotBooked?: true; replayId?: string };

/** A replay tick: schedule the replay's next slots (workers/replay-tick.job.ts). */
export type ReplayTickJob = { tenantId: string; replayId: string };

export function replayTickJob(tenantId: string, replayId: string, startAfter?: Date): JobInsert<ReplayTickJob> {
  return { data: { tenantId, replayId }, singletonKey: replayId, ...(startAfter ? { startAfter } : {}) };
}

/** Higher runs first: fresh traffic is never starved by a retry storm or a replay. */
export const DELIVER_PRIORITY: Record<DeliveryTrigger, number> = { initial: 20, retry: 10, replay: 0 };
/**
 * A job holding its rate slot goes ahead of unbooked jobs of the same kind (never ahead of the next kind
 * up): its slot is its send time, and behind its endpoint's older unbooked jobs it would go out late.
 */
const SLOT_BOOKED_BOOST = 1;

/**
 * Per-endpoint concurrency caps, enforced by pg-boss across every worker: a job's group is its
 * endpoint and its tier the number the endpoint may have in flight (AIMD can lower it below the
 * endpoint's max_concurrency). pg-boss only fetches a job while its group has fewer active jobs than
 * the job's tier allows, so a saturated endpoint's jobs stay queued without costing a worker anything.
 */
export const MAX_CONCURRENCY_TIER = 100;
export const DELIVER_GROUP_CONCURRENCY = {
  default: 10,
  tiers: Object.fromEntries(Array.from({ length: MAX_CONCURRENCY_TIER }, (_, i) => [String(i + 1), i + 1])),
};

export function concurrencyTier(concurrency: number): string {
  return String(Math.min(MAX_CONCURRENCY_TIER, Math.max(1, Math.floor(concurrency))));
}

export type DeliverJobOptions = { concurrency: number; startAfter?: Date; slotBooked?: boolean; replayId?: string };

/**
 * A deliver job. The group is the endpoint, tiered by its concurrency; the singleton key is the
 * delivery, which lets the sweeper see whether a queued job still exists for it.
 */
export function deliverJob(
  delivery: { tenantId: string; id: string; endpointId: string },
  trigger: DeliveryTrigger,
  options: DeliverJobOptions,
): JobInsert<DeliverJob> {
  return {
    data: {
      tenantId: delivery.tenantId,
      deliveryId: delivery.id,
      ...(options.slotBooked ? { slotBooked: true } : {}),
      ...(options.replayId ? { replayId: options.replayId } : {}),
    },
    priority: DELIVER_PRIORITY[trigger] + (options.slotBooked ? SLOT_BOOKED_BOOST : 0),
    group: { id: delivery.endpointId, tier: concurrencyTier(options.concurrency) },
    singletonKey: delivery.id,
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
  };
}
