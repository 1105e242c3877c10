// Claims a fetched batch of deliver jobs through the isolation gates (DESIGN §5), in one transaction:
// lock the deliveries and their endpoints, decide per endpoint (server/delivery/endpoint-gate.ts),
// then claim what may go now, park what is held, defer the rest to its slot with a new job, and
// settle every job that is not going out. Jobs whose delivery another worker holds a live claim on
// are returned as `busy`, for the caller to fail (pg-boss retries them later, in case that worker died).
// A replay's jobs (data.replayId) resend settled deliveries: their replay items are locked with them
// (replay-claim.ts sorts them out) and, while the endpoint may be sent to, take its gates like the rest.
import type { Job, JobAttempt, PgBoss } from "pg-boss";
import type { Sql, SqlPool } from "../server/db/sql";
import { effectiveConcurrency } from "../server/delivery/adaptive-concurrency";
import { type EndpointGateState, type GateDecision, gateBatch } from "../server/delivery/endpoint-gate";
import { allowedRate, type RampConfig } from "../server/delivery/pacing";
import { type DeliverJob, deliverJob, QUEUE, replayTickJob } from "../server/jobs/queues";
import {
  applyClaimActions,
  CLAIM_MARGIN_MS,
  type ClaimAction,
  type ClaimedDelivery,
  type ClaimTarget,
  type EndpointGateRow,
  type GateStateUpdate,
  lockClaimGates,
  lockDeliveryTargets,
  saveGateStates,
} from "../server/modules/deliveries/delivery-claim.repo";
import { circuitOf, paceOf } from "../server/modules/isolation/endpoint-runtime.repo";
import { advanceReplayItems, lockReplayTargets, type ReplayItemMove, saveReplayPacing } from "../server/modules/replays/replay-progress.repo";
import { paceReplays, sortReplayJobs } from "./replay-claim";

/** A slot this close is sent now rather than deferred. */
const SLOT_SLACK_MS = 10;
/**
 * When the endpoint's concurrency is full (two workers fetched at once, or AIMD lowered it below the
 * tier of queued jobs), look again after this long; the new job's tier is the current limit.
 */
const CONCURRENCY_RETRY_MS = 250;
/** A replay item put back in line is looked at again by its replay's tick after this long. */
const REQUEUE_TICK_MS = 1_000;

/** `paceGapMs`: the interval its endpoint's rate limit or ramp allows between sends (null: unpaced). */
export type Claimed = ClaimedDelivery & { probe: boolean; job: JobAttempt; paceGapMs: number | null };
export type ClaimBatch = { claimed: Claimed[]; busy: JobAttempt[] };

export async function claimBatch(sql: SqlPool, boss: PgBoss, jobs: Job<DeliverJob>[], ramp: RampConfig): Promise<ClaimBatch> {
  // One job per delivery is worked on; a delivery's own (non-replay) job first, as it may be a lapsed
  // claim's way back.
  const jobOf = new Map<string, Job<DeliverJob>>();
  for (const job of jobs) {
    const first = jobOf.get(job.data.deliveryId);
    if (!first || (first.data.replayId !== undefined && job.data.replayId === undefined)) jobOf.set(job.data.deliveryId, job);
  }
  return sql.transaction(async (tx) => {
    const keys = [...jobOf.values()].map((job) => job.data);
    const replays = sortReplayJobs(await lockReplayTargets(tx, keys.filter(isReplayJob)));
    // Ordinary deliveries first: in a batch they take their endpoint's slots before replays do.
    const locked = [...(await lockDeliveryTargets(tx, keys.filter((k) => !isReplayJob(k)))), ...replays.targets];
    const { gates, nowMs } = await lockClaimGates(tx, locked);
    const paced = await paceReplays(tx, locked, replays.moves, gates);
    const targets = paced.targets;
    const plan = planClaims(targets, gates, jobOf, nowMs, ramp);
    const sent = await applyClaimActions(tx, plan.actions);
    await saveGateStates(tx, plan.gateUpdates);
    await saveReplayPacing(tx, paced.tats);
    await moveReplayItems(tx, boss, [...replays.moves, ...paced.moves, ...plan.replayMoves, ...sentReplayMoves(sent)], nowMs);
    const deferred = [...plan.deferred, ...paced.waiting];
    if (deferred.length) await boss.insert(QUEUE.deliver, deferred, { db: tx });
    const claimedIds = new Set(sent.map((d) => d.id));
    const busyIds = new Set(targets.filter((t) => t.status === "sending" && !t.due).map((t) => t.id));
    // A second job for a delivery in this batch: a replay's comes back later (its item must not be
    // stranded as scheduled); any other is a plain duplicate.
    const duplicates = jobs.filter((job) => jobOf.get(job.data.deliveryId) !== job);
    const later = duplicates.filter((job) => job.data.replayId !== undefined);
    // Everything else is settled here: held, deferred (its new job carries on), gone, or a duplicate.
    const settled = jobs.filter((job) => !later.includes(job) && (duplicates.includes(job) || !(claimedIds.has(job.data.deliveryId) || busyIds.has(job.data.deliveryId))));
    if (settled.length) await boss.complete(QUEUE.deliver, settled.map(attemptOf), null, { db: tx });
    return {
      claimed: sent.map((d) => ({
        ...d,
        probe: plan.probes.has(d.id),
        job: attemptOf(jobOf.get(d.id) as Job<DeliverJob>),
        paceGapMs: plan.probes.has(d.id) ? null : (plan.gaps.get(`${d.tenantId}/${d.endpointId}`) ?? null),
      })),
      busy: [...[...busyIds].map((id) => jobOf.get(id) as Job<DeliverJob>), ...later].map(attemptOf),
    };
  });
}

function isReplayJob(job: DeliverJob): job is DeliverJob & { replayId: string } {
  return job.replayId !== undefined;
}

/** Items put back in line need their replay's tick to come round again (one queued per replay). */
async function moveReplayItems(tx: Sql, boss: PgBoss, moves: ReplayItemMove[], nowMs: number): Promise<void> {
  await advanceReplayItems(tx, moves);
  const requeued = new Map(moves.filter((m) => m.to === "waiting").map((m) => [m.replayId, m]));
  const ticks = [...requeued.values()].map((m) => replayTickJob(m.tenantId, m.replayId, new Date(nowMs + REQUEUE_TICK_MS)));
  if (ticks.length) await boss.insert(QUEUE.replayTick, ticks, { db: tx });
}

function sentReplayMoves(sent: ClaimedDelivery[]): ReplayItemMove[] {
  return sent.flatMap((d) => (d.replayId ? [{ tenantId: d.tenantId, replayId: d.replayId, deliveryId: d.id, to: "sending" as const }] : []));
}

function attemptOf(job: Job<DeliverJob>): JobAttempt {
  return { id: job.id, retryCount: job.retryCount };
}

type Plan = {
  actions: ClaimAction[];
  gateUpdates: GateStateUpdate[];
  deferred: ReturnType<typeof deliverJob>[];
  probes: Set<string>;
  gaps: Map<string, number>;
  /** Replay items put back in line: their endpoint may not be sent to now. */
  replayMoves: ReplayItemMove[];
};

function planClaims(targets: ClaimTarget[], gates: (EndpointGateRow & { inFlight: number })[], jobOf: Map<string, Job<DeliverJob>>, nowMs: number, ramp: RampConfig): Plan {
  const plan: Plan = { actions: [], gateUpdates: [], deferred: [], probes: new Set(), gaps: new Map(), replayMoves: [] };
  const due = targets.filter((t) => t.due);
  for (const gate of gates) {
    const state = gateStateOf(gate);
    const mine = due.filter((t) => t.tenantId === gate.tenantId && t.endpointId === gate.endpointId);
    // A replay never probes or waits held: while its endpoint may not be sent to, its items wait.
    const open = !state.enabled || state.circuit.state !== "closed";
    for (const t of mine) if (open && t.replay) plan.replayMoves.push({ tenantId: t.tenantId, replayId: t.replay.replayId, deliveryId: t.id, to: "waiting" });
    const batch = open ? mine.filter((t) => !t.replay) : mine;
    if (!batch.length) continue;
    const rate = allowedRate(state.pace, nowMs, ramp);
    if (rate !== null) plan.gaps.set(`${gate.tenantId}/${gate.endpointId}`, 1000 / rate);
    const config = { ramp, probeLeaseMs: gate.timeoutMs + CLAIM_MARGIN_MS, slackMs: SLOT_SLACK_MS, concurrencyRetryMs: CONCURRENCY_RETRY_MS };
    const result = gateBatch(state, batch.map((t) => ({ slotBooked: jobOf.get(t.id)?.data.slotBooked === true })), nowMs, config);
    batch.forEach((target, i) => addAction(plan, target, result.decisions[i] as GateDecision, gate, rate === null ? 0 : 1000 / rate));
    if (result.tatMs !== state.tatMs || result.circuit !== state.circuit)
      plan.gateUpdates.push({
        tenantId: gate.tenantId,
        endpointId: gate.endpointId,
        circuitState: result.circuit.state,
        circuitProbeAt: result.circuit.state === "closed" ? null : new Date(result.circuit.probeAtMs),
        rateTat: result.tatMs === null ? null : new Date(result.tatMs),
      });
  }
  return plan;
}

function addAction(plan: Plan, target: ClaimTarget, decision: GateDecision, gate: EndpointGateRow, paceGapMs: number): void {
  const key = { tenantId: target.tenantId, id: target.id };
  const replay = target.replay;
  if (decision.kind === "hold") {
    if (replay) return void plan.replayMoves.push({ tenantId: target.tenantId, replayId: replay.replayId, deliveryId: target.id, to: "waiting" });
    return void plan.actions.push({ ...key, action: "hold" });
  }
  const concurrency = effectiveConcurrency(gate.concurrencyLimit, gate.maxConcurrency);
  if (decision.kind === "send") {
    if (decision.probe) plan.probes.add(target.id);
    // The worker may space a paced endpoint's sends (send-pacer.ts): up to a gap per delivery in flight.
    const pacing = paceGapMs * concurrency;
    return void plan.actions.push({ ...key, action: "send", leaseMs: gate.timeoutMs + CLAIM_MARGIN_MS + Math.ceil(pacing), replayId: replay?.replayId });
  }
  const at = new Date(decision.atMs);
  // A replay's delivery stays as it is (settled) until it is sent; only its job moves to the slot.
  if (!replay) plan.actions.push({ ...key, action: "defer", at });
  const trigger = replay ? "replay" : target.status === "pending" ? "initial" : "retry";
  const options = { concurrency, startAfter: at, slotBooked: decision.slotBooked, replayId: replay?.replayId };
  plan.deferred.push(deliverJob({ ...key, endpointId: target.endpointId }, trigger, options));
}

function gateStateOf(gate: EndpointGateRow & { inFlight: number }): EndpointGateState {
  return {
    enabled: gate.enabled,
    circuit: circuitOf(gate),
    pace: paceOf(gate),
    tatMs: gate.rateTat === null ? null : gate.rateTat.getTime(),
    concurrency: effectiveConcurrency(gate.concurrencyLimit, gate.maxConcurrency),
    inFlight: gate.inFlight,
  };
}
