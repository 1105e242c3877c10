// deliver: claim a batch of due deliveries with one UPDATE, POST each (signed) concurrently, and
// record each attempt as soon as it finishes (attempt-recorder.ts groups those writes). A job whose
// delivery another worker holds a live claim on, or whose result could not be recorded, is failed so
// pg-boss brings it back later.
import type { Job, JobResult, PgBoss } from "pg-boss";
import type { Logger } from "pino";
import type { SqlPool } from "../server/db/sql";
import type { AttemptOutcome } from "../server/delivery/classify";
import { errorKindOf } from "../server/delivery/classify";
import { decideAfterAttempt, type RetryPolicy } from "../server/delivery/delivery-decision";
import { parseRetryAfter } from "../server/delivery/retry-schedule";
import { buildWebhookRequest } from "../server/delivery/webhook-request";
import type { DeliverJob } from "../server/jobs/queues";
import { newId } from "../server/lib/ids";
import { type AttemptRecord, claimDeliveries, type ClaimedDelivery } from "../server/modules/deliveries/delivery-attempt.repo";
import { type AttemptRecorder, createAttemptRecorder, type Finished } from "./attempt-recorder";
import type { DeliveryMetrics } from "./delivery-metrics";
import type { HttpSender, SendResult } from "./http-sender";
import type { Throughput } from "./worker-metrics";

export type DeliverDeps = {
  sql: SqlPool;
  boss: PgBoss;
  sender: HttpSender;
  policy: RetryPolicy;
  metrics: DeliveryMetrics;
  throughput?: Throughput;
  log: Logger;
  userAgent: string;
};

export function deliverHandler(deps: DeliverDeps) {
  const recorder = createAttemptRecorder(deps.sql, deps.boss);
  return async (jobs: Job<DeliverJob>[]): Promise<JobResult[]> => {
    try {
      const { claimed, busy } = await claimDeliveries(deps.sql, jobs.map((job) => job.data));
      const recorded = await Promise.all(claimed.map((delivery) => attemptAndRecord(deps, recorder, delivery)));
      const retryLater = new Set([...busy, ...claimed.filter((_, i) => !recorded[i]).map((d) => d.id)]);
      return jobs.map((job) => ({ id: job.id, status: retryLater.has(job.data.deliveryId) ? "failed" : "completed" }));
    } catch (error) {
      deps.log.error({ err: error, deliveryIds: jobs.map((job) => job.data.deliveryId) }, "deliver batch failed; its jobs will be retried");
      throw error;
    }
  };
}

async function attemptAndRecord(deps: DeliverDeps, recorder: AttemptRecorder, delivery: ClaimedDelivery): Promise<boolean> {
  const finished = await attemptSafely(deps, delivery);
  try {
    await recorder.record(finished);
  } catch (error) {
    // The delivery keeps its claim until it lapses; the failed job brings it back after that.
    deps.log.error({ err: error, deliveryId: delivery.id, endpointId: delivery.endpointId }, "could not record an attempt");
    return false;
  }
  report(deps, finished);
  return true;
}

/** One delivery's failure on our side (a bad secret, a bug) must not fail the batch it came in. */
async function attemptSafely(deps: DeliverDeps, delivery: ClaimedDelivery): Promise<Finished> {
  try {
    return await attempt(deps, delivery);
  } catch (error) {
    deps.log.error({ err: error, deliveryId: delivery.id, endpointId: delivery.endpointId }, "could not attempt delivery");
    return withoutSending(deps, delivery, { kind: "error", errorKind: "internal", message: "internal error preparing the request" });
  }
}

/** An attempt that ends before any byte is sent: recorded like any other, decided by the same rules. */
function withoutSending(deps: DeliverDeps, delivery: ClaimedDelivery, outcome: AttemptOutcome & { kind: "error" }): Finished {
  const attemptNumber = delivery.attemptCount + 1;
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
  const decision = decideAfterAttempt({ outcome, attemptsMade: attemptNumber, policy: deps.policy, nowMs: Date.now(), random: Math.random() });
  return { delivery, attempt: attemptRecord, decision };
}

function attemptBase(delivery: ClaimedDelivery, startedAt: Date) {
  const attemptNumber = delivery.attemptCount + 1;
  const trigger = attemptNumber === 1 ? "initial" : "retry";
  return { tenantId: delivery.tenantId, id: newId("att"), deliveryId: delivery.id, endpointId: delivery.endpointId, trigger, attemptNumber, startedAt } as const;
}

async function attempt(deps: DeliverDeps, delivery: ClaimedDelivery): Promise<Finished> {
  if (!delivery.eventType || !delivery.eventCreatedAt) {
    const finished = withoutSending(deps, delivery, { kind: "error", errorKind: "internal", message: "the event's payload is no longer retained" });
    return { ...finished, decision: { status: "failed", reason: "the event's payload is no longer retained", disableEndpoint: null } };
  }
  if (!delivery.secrets.length) return withoutSending(deps, delivery, { kind: "error", errorKind: "internal", message: "the endpoint has no valid signing secret" });
  const startedAt = new Date();
  const attemptNumber = delivery.attemptCount + 1;
  const request = buildWebhookRequest(
    { eventId: delivery.eventId, type: delivery.eventType, eventCreatedAt: delivery.eventCreatedAt, payload: delivery.payload, secrets: delivery.secrets, customHeaders: delivery.customHeaders },
    Math.floor(startedAt.getTime() / 1000),
    deps.userAgent,
  );
  const result = await deps.sender.send({ url: delivery.url, headers: request.headers, body: request.body, timeoutMs: delivery.timeoutMs });
  const outcome = toOutcome(result, Date.now());
  const decision = decideAfterAttempt({ outcome, attemptsMade: attemptNumber, policy: deps.policy, nowMs: Date.now(), random: Math.random() });
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
  return { delivery, attempt: attemptRecord, decision };
}

function toOutcome(result: SendResult, nowMs: number): AttemptOutcome {
  if (result.kind === "error") return { kind: "error", errorKind: result.errorKind, message: result.message };
  return { kind: "response", status: result.status, retryAfterMs: parseRetryAfter(result.retryAfter, nowMs) };
}

function report(deps: DeliverDeps, { delivery, attempt, decision }: Finished): void {
  const now = Date.now();
  deps.throughput?.record(1, now);
  deps.metrics.attempt(attempt.errorKind ?? "success", attempt.durationMs);
  deps.metrics.outcome(decision.status, attempt.attemptNumber, delivery.eventCreatedAt, now);
  if (decision.status === "delivered") return;
  // Ids only: URLs can carry credentials in their query, and headers carry signatures.
  const ids = { eventId: delivery.eventId, deliveryId: delivery.id, endpointId: delivery.endpointId, tenantId: delivery.tenantId };
  deps.log.info({ ...ids, attempt: attempt.attemptNumber, status: decision.status, reason: decision.reason, responseStatus: attempt.responseStatus }, "delivery attempt failed");
}
