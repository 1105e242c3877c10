// Records finished attempts as they complete: each attempt row, its delivery's next state, any endpoint
// to disable (410) and the retry job. Attempts that finish close together share one transaction
// (group commit), so a fast delivery is recorded at once, not when the slowest of its batch ends.
import type { PgBoss } from "pg-boss";
import type { Sql, SqlPool } from "../server/db/sql";
import type { DeliveryDecision } from "../server/delivery/delivery-decision";
import { deliverJob, QUEUE } from "../server/jobs/queues";
import { storableText } from "../server/lib/clean-text";
import { GroupCommit } from "../server/lib/group-commit";
import {
  type AttemptRecord,
  type ClaimedDelivery,
  type DeliveryUpdate,
  disableEndpoints,
  insertAttempts,
  updateDeliveries,
} from "../server/modules/deliveries/delivery-attempt.repo";

export type Finished = { delivery: ClaimedDelivery; attempt: AttemptRecord; decision: DeliveryDecision };
export type AttemptRecorder = { record(finished: Finished): Promise<void> };

export function createAttemptRecorder(sql: SqlPool, boss: PgBoss): AttemptRecorder {
  const group = new GroupCommit<Finished, void>(
    async (batch) => {
      await sql.transaction((tx) => recordAll(tx, boss, batch.map(storable)));
      return batch.map(() => undefined);
    },
    { maxBatch: 500, maxConcurrent: 1 },
  );
  return { record: (finished) => group.submit(finished) };
}

async function recordAll(tx: Sql, boss: PgBoss, finished: Finished[]): Promise<void> {
  await insertAttempts(tx, finished.map((f) => f.attempt));
  // Only deliveries whose claim still held move on; a late result of a lapsed claim stays an attempt row.
  const updated = await updateDeliveries(tx, finished.map(toUpdate));
  const applied = finished.filter((f) => updated.has(f.delivery.id));
  const gone = applied.filter((f) => f.decision.status === "failed" && f.decision.disableEndpoint === "gone");
  await disableEndpoints(tx, gone.map((f) => f.delivery), "gone");
  const retries = applied.flatMap((f) => (f.decision.status === "retrying" ? [deliverJob(f.delivery, "retry", new Date(f.decision.nextAttemptAtMs))] : []));
  if (retries.length) await boss.insert(QUEUE.deliver, retries, { db: tx });
}

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
