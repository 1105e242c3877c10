// What happens to a delivery after one attempt: delivered, scheduled again, or dead-lettered; and
// whether the endpoint must be disabled (410 Gone). Pure: time and randomness come in as numbers.
import { type AttemptOutcome, classifyOutcome } from "./classify";
import { nextRetryDelay } from "./retry-schedule";

export type RetryPolicy = { scheduleMs: readonly number[]; jitter: number };

export type DeliveryDecision =
  | { status: "delivered" }
  | { status: "retrying"; nextAttemptAtMs: number; reason: string }
  | { status: "failed"; reason: string; disableEndpoint: "gone" | null };

export function decideAfterAttempt(input: {
  outcome: AttemptOutcome;
  /** Attempts made on this delivery including the one just finished. */
  attemptsMade: number;
  policy: RetryPolicy;
  nowMs: number;
  random: number;
}): DeliveryDecision {
  const verdict = classifyOutcome(input.outcome);
  switch (verdict.kind) {
    case "delivered":
      return { status: "delivered" };
    case "gone":
      return { status: "failed", reason: verdict.reason, disableEndpoint: "gone" };
    case "dead":
      return { status: "failed", reason: verdict.reason, disableEndpoint: null };
    case "retry": {
      const next = nextRetryDelay({
        attemptsMade: input.attemptsMade,
        scheduleMs: input.policy.scheduleMs,
        jitter: input.policy.jitter,
        random: input.random,
        retryAfterMs: verdict.retryAfterMs,
      });
      if (next.kind === "exhausted")
        return { status: "failed", reason: `gave up after ${input.attemptsMade} attempts; last: ${verdict.reason}`, disableEndpoint: null };
      return { status: "retrying", nextAttemptAtMs: input.nowMs + next.delayMs, reason: verdict.reason };
    }
  }
}
