// What one attempt's outcome means for its delivery (DESIGN §4) and for the endpoint's circuit breaker
// (DESIGN §5), kept in one table so the sender, the breaker and the portal never disagree.
import type { Verdict } from "./circuit-breaker";

export type AttemptErrorKind = "http_status" | "timeout" | "connection" | "dns" | "tls" | "blocked_address" | "response_too_large" | "internal";

export type AttemptOutcome =
  | { kind: "response"; status: number; retryAfterMs?: number }
  | { kind: "error"; errorKind: Exclude<AttemptErrorKind, "http_status">; message: string };

export type Classification =
  | { kind: "delivered" }
  | { kind: "retry"; reason: string; retryAfterMs?: number }
  | { kind: "dead"; reason: string }
  | { kind: "gone"; reason: string };

type ErrorOutcome = Extract<AttemptOutcome, { kind: "error" }>;

// These statuses say "not now" rather than "no": the request may succeed later unchanged.
const RETRYABLE_4XX = new Set([408, 425, 429]);
// A 4xx or 3xx means the endpoint is up and deciding; only these say it is not answering at all.
const UNAVAILABLE_ERRORS = new Set<AttemptErrorKind>(["timeout", "connection", "dns", "tls"]);

const DEFAULT_ERROR_REASON: Record<ErrorOutcome["errorKind"], string> = {
  timeout: "timeout",
  connection: "connection failed",
  dns: "DNS lookup failed",
  tls: "TLS handshake failed",
  blocked_address: "target address is private or reserved",
  response_too_large: "response too large",
  internal: "internal error",
};

export function classifyOutcome(outcome: AttemptOutcome): Classification {
  return outcome.kind === "response" ? classifyStatus(outcome.status, outcome.retryAfterMs) : classifyError(outcome);
}

function classifyStatus(status: number, retryAfterMs: number | undefined): Classification {
  if (isSuccess(status)) return { kind: "delivered" };
  if (status === 410) return { kind: "gone", reason: "HTTP 410 Gone: the endpoint asked not to be called again" };
  if (isRetryableStatus(status)) return withRetryAfter({ kind: "retry", reason: `HTTP ${status}` }, retryAfterMs);
  if (status >= 400 && status < 500) return { kind: "dead", reason: `HTTP ${status}: not retried (4xx other than 408, 425, 429)` };
  if (status >= 300 && status < 400) return { kind: "dead", reason: `HTTP ${status}: redirects are not followed` };
  // 1xx as a final answer or a status outside 100–599 is a broken endpoint, not a passing hiccup.
  return { kind: "dead", reason: `HTTP ${status}: not a valid final status` };
}

function withRetryAfter(retry: { kind: "retry"; reason: string }, retryAfterMs: number | undefined): Classification {
  return retryAfterMs === undefined ? retry : { ...retry, retryAfterMs };
}

function classifyError(outcome: ErrorOutcome): Classification {
  const reason = outcome.message.trim() || DEFAULT_ERROR_REASON[outcome.errorKind];
  switch (outcome.errorKind) {
    case "blocked_address": {
      // Nothing was sent, and the address will not change by waiting: retrying would only repeat the refusal.
      const generic = DEFAULT_ERROR_REASON.blocked_address;
      return { kind: "dead", reason: reason === generic ? generic : `${generic}: ${reason}` };
    }
    case "timeout":
    case "connection":
    case "dns":
    case "tls":
      return { kind: "retry", reason };
    case "response_too_large":
    case "internal":
      // The sender classifies oversized responses by their status; reaching here, like an internal error,
      // means our side failed, which must not cost the customer the event: retry within the schedule.
      return { kind: "retry", reason };
  }
}

/** The circuit breaker's notion of failure: only signs that the endpoint is unavailable. */
export function countsAsUnavailable(outcome: AttemptOutcome): boolean {
  if (outcome.kind === "response") return isServerError(outcome.status) || outcome.status === 429;
  return UNAVAILABLE_ERRORS.has(outcome.errorKind);
}

/** What an attempt says about the endpoint's health: 2xx success, unavailability failure, else neutral. */
export function healthVerdict(outcome: AttemptOutcome): Verdict {
  if (outcome.kind === "response" && isSuccess(outcome.status)) return "success";
  return countsAsUnavailable(outcome) ? "failure" : "neutral";
}

/** Timeouts and 429 ask for less concurrency (AIMD). */
export function signalsCongestion(outcome: AttemptOutcome): boolean {
  return outcome.kind === "error" ? outcome.errorKind === "timeout" : outcome.status === 429;
}

/** The attempt's `error_kind` column: null when the endpoint accepted the delivery. */
export function errorKindOf(outcome: AttemptOutcome): AttemptErrorKind | null {
  if (outcome.kind === "error") return outcome.errorKind;
  return isSuccess(outcome.status) ? null : "http_status";
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function isServerError(status: number): boolean {
  return status >= 500 && status < 600;
}

function isRetryableStatus(status: number): boolean {
  return RETRYABLE_4XX.has(status) || isServerError(status);
}
