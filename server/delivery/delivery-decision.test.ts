import { describe, expect, it } from "vitest";
import type { AttemptOutcome } from "./classify";
import { decideAfterAttempt } from "./delivery-decision";

const policy = { scheduleMs: [1_000, 5_000, 30_000], jitter: 0.2 };
const now = 1_000_000;
const decide = (outcome: AttemptOutcome, attemptsMade = 1, random = 0.5) => decideAfterAttempt({ outcome, attemptsMade, policy, nowMs: now, random });
const response = (status: number, retryAfterMs?: number): AttemptOutcome => ({ kind: "response", status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

describe("decideAfterAttempt", () => {
  it.each([200, 201, 204, 299])("%i → delivered", (status) => {
    expect(decide(response(status))).toEqual({ status: "delivered" });
  });

  it("410 → failed and the endpoint is disabled as gone", () => {
    expect(decide(response(410))).toMatchObject({ status: "failed", disableEndpoint: "gone" });
  });

  it.each([400, 401, 404, 422, 301, 302])("%i → failed at once, endpoint left alone", (status) => {
    const decision = decide(response(status));
    expect(decision).toMatchObject({ status: "failed", disableEndpoint: null });
    expect(decision.status === "failed" && decision.reason).toContain(`HTTP ${status}`);
  });

  it.each([
    ["first failure, no jitter", response(500), 1, 0.5, now + 1_000],
    ["second failure, no jitter", response(503), 2, 0.5, now + 5_000],
    ["lowest jitter", response(500), 1, 0, now + 800],
    ["highest jitter", response(500), 1, 0.999_999, now + 1_200],
    ["timeout", { kind: "error", errorKind: "timeout", message: "no answer" } as const, 1, 0.5, now + 1_000],
  ])("%s → retrying at the scheduled time", (_name, outcome, attemptsMade, random, at) => {
    expect(decide(outcome, attemptsMade, random)).toMatchObject({ status: "retrying", nextAttemptAtMs: at });
  });

  it("a longer Retry-After wins over the schedule; a shorter one does not shorten it", () => {
    expect(decide(response(429, 60_000))).toMatchObject({ status: "retrying", nextAttemptAtMs: now + 60_000 });
    expect(decide(response(429, 10))).toMatchObject({ status: "retrying", nextAttemptAtMs: now + 1_000 });
  });

  it("after the last scheduled retry → failed with the count and the last reason", () => {
    const decision = decide(response(502), 4);
    expect(decision).toEqual({ status: "failed", reason: "gave up after 4 attempts; last: HTTP 502", disableEndpoint: null });
  });

  it("a refused private address is never retried", () => {
    const decision = decide({ kind: "error", errorKind: "blocked_address", message: "localhost resolves to 127.0.0.1 (loopback)" });
    expect(decision).toMatchObject({ status: "failed", disableEndpoint: null });
  });
});
