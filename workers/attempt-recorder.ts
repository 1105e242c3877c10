// Records finished attempts as they complete, in one transaction per group of attempts (group commit,
// so a fast delivery is recorded at once, not when the slowest of its batch ends): the attempt rows,
// the deliveries' next states, their endpoints' runtime state (circuit, AIMD, healthy rate, ramp,
// auto-disable), follow-up jobs (retries, circuit probes, releases of held deliveries), and the
// settlement of the deliver jobs themselves, so a job is never done unless its attempt is recorded.
import type { JobAttempt, PgBoss } from "pg-boss";
import type { Sql, SqlPool } from "../server/db/sql";
import { effectiveConcurrency } from "../server/delivery/adaptive-concurrency";
import type { Verdict } from "../server/delivery/circuit-breaker";
import type { DeliveryDecision } from "../server/delivery/delivery-decision";
import { applyAttempts, type FeedbackConfig } from "../server/delivery/endpoint-feedback";
import { deliverJob, type EndpointJob, QUEUE } from "../server/jobs/queues";
import { storableText } from "../server/lib/clean-text";
import { GroupCommit } from "../server/lib/group-commit";
import { aggregateStats, type StatsSample } from "../server/lib/latency-histogram";
import { type AttemptRecord, type DeliveryUpdate, insertAttempts, updateDeliveries } from "../server/modules/deliveries/delivery-attempt.repo";
import type { ClaimedDelivery } from "../server/modules/deliveries/delivery-claim.repo";
import { recordEndpointStats } from "../server/modules/endpoints/endpoint-stats.repo";
import { holdQueuedDeliveries, queuedJobIds } from "../server/modules/isolation/held-deliveries.repo";
import { advanceReplayItems, type ReplayItemMove } from "../server/modules/replays/replay-progress.repo";
import { disableEndpoints, type EndpointKey, lockEndpointRuntimes, saveEndpointRuntimes, type StoredRuntime } from "../server/modules/isolation/endpoint-runtime.repo";

export type Finished = {
  delivery: ClaimedDelivery & { probe: boolean; job: JobAttempt };
  attempt: AttemptRecord;
  decision: DeliveryDecision;
  /** What the attempt says about the endpoint (circuit breaker and AIMD). */
  signal: { verdict: Verdict; congested: boolean; finishedAtMs: number };
};
export type AttemptRecorder = { record(finished: Finished): Promise<void> };

/** What the endpoints did in a committed batch, for metrics and logs. */
export type EndpointEvents = { transitions: { endpoint: EndpointKey; transition: CircuitTransitionName }[]; disabled: { endpoint: EndpointKey; reason: "gone" | "failing" }[] };
type CircuitTransitionName = "opened" | "probe_failed" | "closed";

export function createAttemptRecorder(sql: SqlPool, boss: PgBoss, config: FeedbackConfig, onCommitted: (events: EndpointEvents) => void): AttemptRecorder {
  const group = new GroupCommit<Finished, void>(
    async (batch) => {
      const events = await sql.transaction((tx) => recordAll(tx, boss, batch.map(storable), config));
      onCommitted(events);
      return batch.map(() => undefined);
    },
    // One transaction at a time, as large as what finished meanwhile: measured faster end to end than
    // two smaller ones in flight (fewer transactions for PostgreSQL, the bottleneck).
    { maxBatch: 500, maxConcurrent: 1 },
  );
  return { record: (finished) => group.submit(finished) };
}

async function recordAll(tx: Sql, boss: PgBoss, finished: Finished[], config: FeedbackConfig): Promise<EndpointEvents> {
  await insertAttempts(tx, finished.map((f) => f.attempt));
  // Only deliveries whose claim still held move on; a late result of a lapsed claim stays an attempt row.
  const updated = await updateDeliveries(tx, finished.map(toUpdate));
  const applied = finished.filter((f) => updated.has(f.delivery.id));
  // Every attempt is evidence about its endpoint, late or not.
  const { runtimes, events } = await updateEndpoints(tx, boss, finished, config);
  // Replay rows after endpoint rows, as in the claim (the two would deadlock in the other order).
  await advanceReplayItems(tx, applied.flatMap(replayMove));
  await recordEndpointStats(tx, aggregateStats(finished.map(statsSample)));
  const gone = applied.filter((f) => f.decision.status === "failed" && f.decision.disableEndpoint === "gone").map(endpointKey);
  await disableEndpoints(tx, gone, "gone");
  events.disabled.push(...gone.map((endpoint) => ({ endpoint, reason: "gone" as const })));
  const concurrencyOf = new Map(runtimes.map((s) => [keyOf(s), effectiveConcurrency(s.runtime.concurrencyLimit, s.runtime.maxConcurrency)]));
  // An endpoint whose circuit just opened had its queued deliveries held: no retry jobs for those.
  const reopened = new Set(events.transitions.filter((t) => t.transition !== "closed").map((t) => keyOf(t.endpoint)));
  const retries = applied.flatMap((f) =>
    f.decision.status === "retrying" && !reopened.has(keyOf(endpointKey(f)))
      ? [deliverJob(f.delivery, "retry", { concurrency: concurrencyOf.get(keyOf(endpointKey(f))) ?? 1, startAfter: new Date(f.decision.nextAttemptAtMs) })]
      : [],
  );
  if (retries.length) await boss.insert(QUEUE.deliver, retries, { db: tx });
  await boss.complete(QUEUE.deliver, finished.map((f) => f.delivery.job), null, { db: tx });
  return events;
}

/** A settled replay attempt moves its replay item (and the replay's counts) to its outcome. */
function replayMove({ delivery, decision }: Finished): ReplayItemMove[] {
  if (!delivery.replayId || decision.status === "retrying") return [];
  return [{ tenantId: delivery.tenantId, replayId: delivery.replayId, deliveryId: delivery.id, to: decision.status }];
}

/** Feeds each endpoint its attempts (pure, endpoint-feedback.ts) and acts on circuit transitions. */
async function updateEndpoints(
  tx: Sql,
  boss: PgBoss,
  finished: Finished[],
  config: FeedbackConfig,
): Promise<{ runtimes: StoredRuntime[]; events: EndpointEvents }> {
  const keys = [...new Map(finished.map((f) => [keyOf(endpointKey(f)), endpointKey(f)])).values()];
  const { stored, nowMs } = await lockEndpointRuntimes(tx, keys);
  const workerNow = Date.now();
  const probes: { data: EndpointJob; startAfter: Date; singletonKey: string }[] = [];
  const releases: { data: EndpointJob; singletonKey: string }[] = [];
  const failing: EndpointKey[] = [];
  const events: EndpointEvents = { transitions: [], disabled: [] };
  const next = stored.map((s) => {
    // Attempt times on the database's clock, like every other time the gates compare.
    const attempts = finished
      .filter((f) => keyOf(endpointKey(f)) === keyOf(s))
      .map((f) => ({ ...f.signal, probe: f.delivery.probe, finishedAtMs: nowMs - (workerNow - f.signal.finishedAtMs) }));
    const feedback = applyAttempts(s.runtime, attempts, nowMs, config);
    const data = { tenantId: s.tenantId, endpointId: s.endpointId };
    events.transitions.push(...feedback.transitions.map((transition) => ({ endpoint: data, transition })));
    const circuit = feedback.state.circuit;
    if (feedback.transitions.includes("closed") && circuit.state === "closed") releases.push({ data, singletonKey: s.endpointId });
    if (circuit.state === "open" && feedback.transitions.some((t) => t === "opened" || t === "probe_failed"))
      probes.push({ data, startAfter: new Date(circuit.probeAtMs), singletonKey: s.endpointId });
    if (feedback.disable) failing.push(data);
    return { ...s, runtime: feedback.state };
  });
  await saveEndpointRuntimes(tx, next);
  // Their queued jobs go too: otherwise thousands of them would be fetched and settled one by one,
  // ahead of fresher work (they are older), just to find the delivery held.
  const held = await holdQueuedDeliveries(tx, probes.map((p) => p.data));
  const stale = await queuedJobIds(tx, QUEUE.deliver, held);
  if (stale.length) await boss.cancel(QUEUE.deliver, stale, { db: tx });
  await disableEndpoints(tx, failing, "failing");
  events.disabled.push(...failing.map((endpoint) => ({ endpoint, reason: "failing" as const })));
  if (probes.length) await boss.insert(QUEUE.circuitProbe, probes, { db: tx });
  if (releases.length) await boss.insert(QUEUE.releaseHeld, releases, { db: tx });
  return { runtimes: next, events };
}

function statsSample({ delivery, attempt, signal }: Finished): StatsSample {
  const { tenantId, endpointId } = delivery;
  return { tenantId, endpointId, startedAt: attempt.startedAt, durationMs: attempt.durationMs, success: signal.verdict === "success", failure: signal.verdict === "failure" };
}

const endpointKey = (f: Finished): EndpointKey => ({ tenantId: f.delivery.tenantId, endpointId: f.delivery.endpointId });
const keyOf = (k: EndpointKey) => `${k.tenantId}/${k.endpointId}`;

function toUpdate({ delivery, attempt, decision }: Finished): DeliveryUpdate {
  return {
    tenantId: delivery.tenantId,
    id: delivery.id,
    leaseUntil: delivery.leaseUntil,
    status: decision.status,
    nextAttemptAt: decision.status === "retrying" ? new Date(decision.nextAttemptAtMs) : null,
    lastAttemptAt: attempt.startedAt,
    lastResponseStatus: attempt.responseStatus,
    lastError: decision.status === "delivered" ? null : decision.reason,
    countsAttempt: !delivery.probe || decision.status === "delivered",
  };
}

/** A receiver's bytes (a binary body, say) must not be able to make the record fail. */
function storable(finished: Finished): Finished {
  const { attempt, decision } = finished;
  const clean = (text: string | null) => (text === null ? null : storableText(text));
  const cleanHeaders = (headers: Record<string, string> | null) =>
    headers && Object.fromEntries(Object.entries(headers).map(([name, value]) => [storableText(name), storableText(value)]));
  return {
    ...finished,
    attempt: {
      ...attempt,
      responseBody: clean(attempt.responseBody),
      responseHeaders: cleanHeaders(attempt.responseHeaders),
      errorMessage: clean(attempt.errorMessage),
    },
    decision: decision.status === "delivered" ? decision : { ...decision, reason: storableText(decision.reason) },
  };
}
