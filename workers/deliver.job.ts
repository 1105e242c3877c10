// deliver: claim a fetched batch through the isolation gates (delivery-claim.ts), POST each claimed
// delivery (signed) concurrently, and record each attempt as soon as it finishes (attempt-recorder.ts
// groups those writes and settles the job in the same transaction). The dispatcher learns as each job
// settles, so a slow endpoint holds only its own slots, never a batch.
import type { Job, JobAttempt, PgBoss } from "pg-boss";
import type { Logger } from "pino";
import type { SqlPool } from "../server/db/sql";
import type { AttemptOutcome } from "../server/delivery/classify";
import { errorKindOf, healthVerdict, signalsCongestion } from "../server/delivery/classify";
import { decideAfterAttempt, type DeliveryDecision, type RetryPolicy } from "../server/delivery/delivery-decision";
import { replayOutcome } from "../server/delivery/replay-plan";
import { parseRetryAfter } from "../server/delivery/retry-schedule";
import { buildWebhookRequest } from "../server/delivery/webhook-request";
import { type DeliverJob, QUEUE } from "../server/jobs/queues";
import { newId } from "../server/lib/ids";
import type { AttemptRecord } from "../server/modules/deliveries/delivery-attempt.repo";
import type { IsolationConfig } from "../server/modules/isolation/isolation-config";
import { type AttemptRecorder, createAttemptRecorder, type EndpointEvents, type Finished } from "./attempt-recorder";
import { type Claimed, claimBatch } from "./delivery-claim";
import type { DeliveryMetrics } from "./delivery-metrics";
import type { HttpSender, SendResult } from "./http-sender";
import type { SendPacer } from "./send-pacer";
import type { Throughput } from "./worker-metrics";

export type DeliverDeps = {
  sql: SqlPool;
  boss: PgBoss;
  sender: HttpSender;
  /** Spaces out sends of paced endpoints in this worker (send-pacer.ts). */
  pacer: SendPacer;
  policy: RetryPolicy;
  isolation: IsolationConfig;
  metrics: DeliveryMetrics;
  throughput?: Throughput;
  log: Logger;
  userAgent: string;
};

/** Processes one fetched batch; `settled(jobIds)` is called as jobs finish (their slots are free again). */
export type DeliverBatch = (jobs: Job<DeliverJob>[], settled: (jobIds: string[]) => void) => Promise<void>;

export function createDeliverBatch(deps: DeliverDeps): DeliverBatch {
  const recorder = createAttemptRecorder(deps.sql, deps.boss, deps.isolation, (events) => reportEndpointEvents(deps, events));
  return async (jobs, settled) => {
    let claim;
    try {
      claim = await claimBatch(deps.sql, deps.boss, jobs, deps.isolation.ramp);
    } catch (error) {
      deps.log.error({ err: error, deliveryIds: jobs.map((job) => job.data.deliveryId) }, "claiming a deliver batch failed; its jobs will be retried");
      await failJobs(deps, jobs.map((job) => ({ id: job.id, retryCount: job.retryCount })));
      return settled(jobs.map((job) => job.id));
    }
    const sending = new Set(claim.claimed.map((delivery) => delivery.job.id));
    settled(jobs.filter((job) => !sending.has(job.id)).map((job) => job.id));
    // Another worker holds these: fail them so pg-boss looks again later, in case that worker died.
    if (claim.busy.length) void failJobs(deps, claim.busy);
    await Promise.all(
      claim.claimed.map(async (delivery) => {
        await attemptAndRecord(deps, recorder, delivery);
        settled([delivery.job.id]);
      }),
    );
  };
}

async function failJobs(deps: DeliverDeps, jobs: JobAttempt[]): Promise<void> {
  if (!jobs.length) return;
  await deps.boss.fail(QUEUE.deliver, jobs).catch((error: unknown) => deps.log.warn({ err: error }, "could not fail deliver jobs; they will expire and retry"));
}

async function attemptAndRecord(deps: DeliverDeps, recorder: AttemptRecorder, delivery: Claimed): Promise<void> {
  const finished = await attemptSafely(deps, delivery);
  try {
    await recorder.record(finished);
  } catch (error) {
    // The delivery keeps its claim until it lapses; the failed job brings it back after that.
    deps.log.error({ err: error, deliveryId: delivery.id, endpointId: delivery.endpointId }, "could not record an attempt");
    await failJobs(deps, [delivery.job]);
    return;
  }
  report(deps, finished);
}

/** One delivery's failure on our side (a bad secret, a bug) must not fail the batch it came in. */
async function attemptSafely(deps: DeliverDeps, delivery: Claimed): Promise<Finished> {
  try {
    return await attempt(deps, delivery);
  } catch (error) {
    deps.log.error({ err: error, deliveryId: delivery.id, endpointId: delivery.endpointId }, "could not attempt delivery");
    return withoutSending(deps, delivery, { kind: "error", errorKind: "internal", message: "internal error preparing the request" });
  }
}

/** An attempt that ends before any byte is sent: recorded like any other, decided by the same rules. */
function withoutSending(deps: DeliverDeps, delivery: Claimed, outcome: AttemptOutcome & { kind: "error" }): Finished {
  const attemptRecord: AttemptRecord = {
    ...attemptBase(delivery, new Date()),
    durationMs: 0,
    requestHeaders: {},
    responseStatus: null,
    responseHeaders: null,
    responseBody: null,
    errorKind: outcome.errorKind,
    errorMessage: outcome.message,
  };
  return { delivery, attempt: attemptRecord, decision: decide(deps, delivery, outcome), signal: signalOf(outcome) };
}

/** The retry schedule's decision; a replay's attempt is its one try (replay-plan.ts replayOutcome). */
function decide(deps: DeliverDeps, delivery: Claimed, outcome: AttemptOutcome): DeliveryDecision {
  const decision = decideAfterAttempt({ outcome, attemptsMade: budgetUsed(delivery), policy: deps.policy, nowMs: Date.now(), random: Math.random() });
  return delivery.replayId && !delivery.probe ? replayOutcome(decision) : decision;
}

/**
 * Attempts counted against the retry schedule. A circuit probe is the endpoint's test, not the
 * delivery's: held deliveries keep their budget (DESIGN §3), so a failed probe is not counted (it
 * carries the number of the attempt it stood in for) and can never dead-letter its delivery.
 */
function budgetUsed(delivery: Claimed): number {
  return delivery.probe ? Math.max(1, delivery.attemptCount) : delivery.attemptCount + 1;
}

function attemptBase(delivery: Claimed, startedAt: Date) {
  const attemptNumber = delivery.attemptCount + 1;
  const trigger = delivery.probe ? "probe" : delivery.replayId ? "replay" : attemptNumber === 1 ? "initial" : "retry";
  return { tenantId: delivery.tenantId, id: newId("att"), deliveryId: delivery.id, endpointId: delivery.endpointId, trigger, attemptNumber, startedAt } as const;
}

async function attempt(deps: DeliverDeps, delivery: Claimed): Promise<Finished> {
  if (!delivery.eventType || !delivery.eventCreatedAt) {
    const finished = withoutSending(deps, delivery, { kind: "error", errorKind: "internal", message: "the event's payload is no longer retained" });
    return { ...finished, decision: { status: "failed", reason: "the event's payload is no longer retained", disableEndpoint: null } };
  }
  if (!delivery.secrets.length) return withoutSending(deps, delivery, { kind: "error", errorKind: "internal", message: "the endpoint has no valid signing secret" });
  await deps.pacer.wait(`${delivery.tenantId}/${delivery.endpointId}`, delivery.paceGapMs);
  const startedAt = new Date();
  const request = buildWebhookRequest(
    { eventId: delivery.eventId, type: delivery.eventType, eventCreatedAt: delivery.eventCreatedAt, payload: delivery.payload, secrets: delivery.secrets, customHeaders: delivery.customHeaders },
    Math.floor(startedAt.getTime() / 1000),
    deps.userAgent,
  );
  const result = await deps.sender.send({ url: delivery.url, headers: request.headers, body: request.body, timeoutMs: delivery.timeoutMs });
  const outcome = toOutcome(result, Date.now());
  const decision = decide(deps, delivery, outcome);
  const attemptRecord: AttemptRecord = {
    ...attemptBase(delivery, startedAt),
    durationMs: result.durationMs,
    requestHeaders: request.recordedHeaders,
    responseStatus: result.kind === "response" ? result.status : null,
    responseHeaders: result.kind === "response" ? result.headers : null,
    responseBody: result.kind === "response" ? result.bodyExcerpt : null,
    errorKind: errorKindOf(outcome),
    errorMessage: result.kind === "error" ? result.message : null,
  };
  return { delivery, attempt: attemptRecord, decision, signal: signalOf(outcome) };
}

function signalOf(outcome: AttemptOutcome): Finished["signal"] {
  return { verdict: healthVerdict(outcome), congested: signalsCongestion(outcome), finishedAtMs: Date.now() };
}

function toOutcome(result: SendResult, nowMs: number): AttemptOutcome {
  if (result.kind === "error") return { kind: "error", errorKind: result.errorKind, message: result.message };
  return { kind: "response", status: result.status, retryAfterMs: parseRetryAfter(result.retryAfter, nowMs) };
}

function report(deps: DeliverDeps, { delivery, attempt, decision }: Finished): void {
  const now = Date.now();
  deps.throughput?.record(1, now);
  deps.metrics.attempt(attempt.errorKind ?? "success", attempt.durationMs);
  deps.metrics.outcome(decision.status, attempt.attemptNumber, delivery.eventCreatedAt, now, delivery.replayId !== null && !delivery.probe);
  if (decision.status === "delivered") return;
  // Ids only: URLs can carry credentials in their query, and headers carry signatures.
  const ids = { eventId: delivery.eventId, deliveryId: delivery.id, endpointId: delivery.endpointId, tenantId: delivery.tenantId };
  deps.log.info({ ...ids, attempt: attempt.attemptNumber, status: decision.status, reason: decision.reason, responseStatus: attempt.responseStatus }, "delivery attempt failed");
}

function reportEndpointEvents(deps: DeliverDeps, events: EndpointEvents): void {
  for (const { endpoint, transition } of events.transitions) {
    deps.metrics.circuit(transition);
    deps.log.info({ ...endpoint, transition }, `circuit ${transition === "closed" ? "closed: recovery ramp started" : transition === "opened" ? "opened: deliveries held" : "probe failed: cooldown doubled"}`);
  }
  for (const { endpoint, reason } of events.disabled) {
    deps.metrics.disabled(reason, 1);
    deps.log.warn({ ...endpoint, reason }, "endpoint disabled; its deliveries are held until it is enabled");
  }
}
