// replay-tick: drips a running replay into the deliver queue (DESIGN §5 replay drip mode). Each tick
// books the next couple of seconds of slots at the replay's rate (never above what its endpoint
// allows now), marks that many waiting items scheduled and inserts their deliver jobs at those slots
// (priority "replay": below first attempts and retries), then asks for the next tick. The claim sends
// them through the endpoint's gates like any delivery; pausing puts scheduled items back at once.
import type { Job, PgBoss } from "pg-boss";
import type { Logger } from "pino";
import type { Sql, SqlPool } from "../server/db/sql";
import { effectiveConcurrency } from "../server/delivery/adaptive-concurrency";
import { allowedRate, type RampConfig } from "../server/delivery/pacing";
import { blockedRecheckMs, replayBacklogLimit, replayBlock, replaySlots } from "../server/delivery/replay-plan";
import { deliverJob, QUEUE, type ReplayTickJob, replayTickJob } from "../server/jobs/queues";
import { paceOf } from "../server/modules/isolation/endpoint-runtime.repo";
import { countScheduledItems, hasWaitingItems, lockReplayForTick, saveTick, scheduleWaitingItems } from "../server/modules/replays/replay-tick.repo";

/** Slots are booked this far ahead; the next tick comes when about half of it is left. */
const REPLAY_HORIZON_MS = 2_000;
const MAX_PER_TICK = 1_000;

export function replayTickHandler(sql: SqlPool, boss: PgBoss, ramp: RampConfig, log: Logger) {
  return async (jobs: Job<ReplayTickJob>[]): Promise<void> => {
    for (const job of jobs) {
      const scheduled = await sql.transaction((tx) => tick(tx, boss, job.data, ramp));
      if (scheduled) log.debug({ ...job.data, scheduled }, "replay: scheduled deliveries");
    }
  };
}

async function tick(tx: Sql, boss: PgBoss, key: ReplayTickJob, ramp: RampConfig): Promise<number> {
  const replay = await lockReplayForTick(tx, key.tenantId, key.replayId);
  if (!replay || replay.state !== "running") return 0;
  const nowMs = replay.nowMs;
  if (replayBlock(replay)) {
    const recheckAt = new Date(nowMs + blockedRecheckMs(nowMs - replay.updatedAtMs));
    await boss.insert(QUEUE.replayTick, [replayTickJob(key.tenantId, key.replayId, recheckAt)], { db: tx });
    return 0;
  }
  // Scheduled items not yet claimed (a busy queue) count against the horizon: a tick never piles more on.
  const limit = replayBacklogLimit(replay.ratePerSecond, REPLAY_HORIZON_MS);
  const backlog = await countScheduledItems(tx, key.tenantId, key.replayId, limit);
  const plan = replaySlots({
    nextSlotAtMs: replay.nextSlotAtMs,
    nowMs,
    replayRate: replay.ratePerSecond,
    endpointRate: allowedRate(paceOf(replay), nowMs, ramp),
    horizonMs: REPLAY_HORIZON_MS,
    max: Math.min(MAX_PER_TICK, limit - backlog),
  });
  const scheduled = await scheduleWaitingItems(tx, key.tenantId, key.replayId, plan.slots.map((ms) => new Date(ms)));
  const concurrency = effectiveConcurrency(replay.concurrencyLimit, replay.maxConcurrency);
  const jobs = scheduled.map((item) =>
    deliverJob({ tenantId: key.tenantId, id: item.deliveryId, endpointId: replay.endpointId }, "replay", { concurrency, startAfter: item.at, replayId: key.replayId }),
  );
  if (jobs.length) await boss.insert(QUEUE.deliver, jobs, { db: tx });
  // Slots not filled (the items ran out) are not kept: the replay's pace continues from the last one.
  const nextSlotAtMs = scheduled.length ? (plan.slots[0] as number) + scheduled.length * plan.gapMs : replay.nextSlotAtMs;
  const waiting = scheduled.length < plan.slots.length || !plan.slots.length ? await hasWaitingItems(tx, key.tenantId, key.replayId) : true;
  // Nothing left to schedule: done when every item has its outcome (else the recorder completes it).
  const completed = !waiting && replay.done >= replay.total;
  await saveTick(tx, key.tenantId, key.replayId, { nextSlotAt: nextSlotAtMs === null ? null : new Date(nextSlotAtMs), completed });
  if (waiting) {
    // A full backlog (the deliver queue is behind) is looked at again in half a horizon, not at once.
    const nextTickMs = backlog >= limit ? nowMs + REPLAY_HORIZON_MS / 2 : Math.max(nowMs + 100, (nextSlotAtMs ?? nowMs) - REPLAY_HORIZON_MS / 2);
    await boss.insert(QUEUE.replayTick, [replayTickJob(key.tenantId, key.replayId, new Date(nextTickMs))], { db: tx });
  }
  return scheduled.length;
}
