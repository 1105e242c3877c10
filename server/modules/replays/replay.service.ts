// Replays (DESIGN §5 drip mode, §6): resend one delivery, or every settled delivery of an endpoint
// that a filter matches, at a chosen rate, as background work that can be paused, resumed and
// cancelled. Creating one snapshots its deliveries (exact totals) and enqueues its first tick in the
// same transaction; the worker drips it out (workers/replay-tick.job.ts) through the endpoint's gates.
import { fromPrisma, type PgBoss } from "pg-boss";
import { type Db, type DbClient, requireDatabaseUrl } from "../../db/client";
import { isReplayable } from "../../delivery/replay-plan";
import { AppError, notFound } from "../../errors";
import { webBoss } from "../../jobs/boss";
import { QUEUE, replayTickJob } from "../../jobs/queues";
import { newId } from "../../lib/ids";
import { toPage } from "../../lib/pagination";
import { deliveriesRepo } from "../deliveries/delivery.repo";
import { endpointsRepo } from "../endpoints/endpoint.repo";
import { replaysRepo } from "./replay.repo";
import { type CreateReplayInput, type ListReplaysQuery, REPLAY_LIMITS, type ReplayFilter, storedFilter, toReplayResource } from "./replay.schemas";

export type ReplayDeps = { db: Db; boss: PgBoss };

/** Snapshotting, pausing or cancelling 100,000 items takes a second or two; Prisma's default is 5 s. */
const LARGE_TRANSACTION = { timeout: 60_000, maxWait: 10_000 };

export async function replayDeps(db: Db): Promise<ReplayDeps> {
  return { db, boss: await webBoss(requireDatabaseUrl()) };
}

export async function createReplay(deps: ReplayDeps, tenantId: string, input: CreateReplayInput) {
  if (!(await endpointsRepo(deps.db).find(tenantId, input.endpoint_id))) throw notFound("endpoint", input.endpoint_id);
  return startReplay(deps, tenantId, input.endpoint_id, input, input.rate_per_second);
}

/** How many deliveries a replay with this filter would cover now (the portal's preview). */
export async function previewReplay(db: Db, tenantId: string, input: Pick<CreateReplayInput, "endpoint_id"> & ReplayFilter) {
  if (!(await endpointsRepo(db).find(tenantId, input.endpoint_id))) throw notFound("endpoint", input.endpoint_id);
  const total = await replaysRepo(db).countMatches(tenantId, input.endpoint_id, input, REPLAY_LIMITS.maxDeliveries + 1);
  return { total: Math.min(total, REPLAY_LIMITS.maxDeliveries), too_many: total > REPLAY_LIMITS.maxDeliveries };
}

/** Sends one settled delivery again, as a replay of one (so it has progress like any other). */
export async function replayDelivery(deps: ReplayDeps, tenantId: string, deliveryId: string) {
  const delivery = await deliveriesRepo(deps.db).find(tenantId, deliveryId);
  if (!delivery) throw notFound("delivery", deliveryId);
  if (!isReplayable(delivery.status))
    throw new AppError("conflict", `Delivery ${deliveryId} is ${delivery.status}: it is already on its way. Replay it once it is delivered, failed or cancelled.`);
  return startReplay(deps, tenantId, delivery.endpointId, { statuses: [delivery.status], delivery_ids: [deliveryId] }, 1);
}

async function startReplay(deps: ReplayDeps, tenantId: string, endpointId: string, filter: ReplayFilter, ratePerSecond: number) {
  const id = newId("rpl");
  await deps.db.$transaction(async (tx) => {
    const repo = replaysRepo(tx);
    const matched = await repo.countMatches(tenantId, endpointId, filter, REPLAY_LIMITS.maxDeliveries + 1);
    if (matched > REPLAY_LIMITS.maxDeliveries)
      throw new AppError(
        "unprocessable",
        `The filter matches more than ${REPLAY_LIMITS.maxDeliveries.toLocaleString("en")} deliveries; narrow it with since/until or event_types and start several replays.`,
        [{ field: "body", message: `matches more than ${REPLAY_LIMITS.maxDeliveries} deliveries` }],
      );
    await repo.insert(tenantId, { id, endpointId, filter: storedFilter(filter), ratePerSecond });
    if ((await repo.insertItems(tenantId, id, endpointId, filter)) > 0)
      await deps.boss.insert(QUEUE.replayTick, [replayTickJob(tenantId, id)], { db: fromPrisma(tx) });
  }, LARGE_TRANSACTION);
  return getReplay(deps.db, tenantId, id);
}

export async function getReplay(db: Db, tenantId: string, id: string) {
  const row = await replaysRepo(db).find(tenantId, id);
  if (!row) throw notFound("replay", id);
  return toReplayResource(row);
}

export async function listReplays(db: Db, tenantId: string, query: ListReplaysQuery) {
  return toPage(await replaysRepo(db).list(tenantId, query), query.limit, toReplayResource);
}

/** Stops sending at once: scheduled items go back in line and their queued jobs are cancelled. */
export async function pauseReplay(deps: ReplayDeps, tenantId: string, id: string) {
  return changeState(deps, tenantId, id, { from: ["pending", "running"], to: "paused", items: "waiting" });
}

export async function resumeReplay(deps: ReplayDeps, tenantId: string, id: string) {
  return changeState(deps, tenantId, id, { from: ["paused"], to: "running", items: null });
}

/** Stops for good: nothing more is sent (scheduled items are withdrawn); attempts in flight finish and are counted. */
export async function cancelReplay(deps: ReplayDeps, tenantId: string, id: string) {
  return changeState(deps, tenantId, id, { from: ["pending", "running", "paused"], to: "cancelled", items: "cancelled" });
}

type Change = { from: string[]; to: "running" | "paused" | "cancelled"; items: "waiting" | "cancelled" | null };

async function changeState(deps: ReplayDeps, tenantId: string, id: string, change: Change) {
  await deps.db.$transaction(async (tx) => {
    const repo = replaysRepo(tx);
    if (await repo.transition(tenantId, id, change.from, change.to)) {
      const jobIds = change.items ? await repo.withdrawItems(tenantId, id, change.items) : [];
      if (jobIds.length) await deps.boss.cancel(QUEUE.deliver, jobIds, { db: fromPrisma(tx) });
      if (change.to === "running") await restartTick(deps.boss, tx, tenantId, id);
      return;
    }
    const current = await repo.find(tenantId, id);
    if (!current) throw notFound("replay", id);
    // Asking again for the state it is already in is not an error.
    if (current.state !== change.to) throw new AppError("conflict", `Replay ${id} is ${current.state}; it cannot be ${PAST[change.to]}.`);
  }, LARGE_TRANSACTION);
  return getReplay(deps.db, tenantId, id);
}

/** A tick now: the queued one (if any) may be seconds away at a slow rate, so it is replaced. */
async function restartTick(boss: PgBoss, tx: DbClient, tenantId: string, id: string): Promise<void> {
  const queued = await replaysRepo(tx).queuedTickIds(id);
  if (queued.length) await boss.cancel(QUEUE.replayTick, queued, { db: fromPrisma(tx) });
  await boss.insert(QUEUE.replayTick, [replayTickJob(tenantId, id)], { db: fromPrisma(tx) });
}

const PAST = { running: "resumed", paused: "paused", cancelled: "cancelled" } as const;
