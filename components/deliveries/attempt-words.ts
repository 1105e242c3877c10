// What an attempt's trigger and error kind mean, in words (prisma/schema.prisma: AttemptTrigger,
// AttemptErrorKind).
import type { RouterOutputs } from "../../server/trpc/app-router";

export type Attempt = RouterOutputs["deliveries"]["get"]["attempts"][number];

export const TRIGGER_WORDS: Record<Attempt["trigger"], string> = {
  initial: "The first try, sent as soon as the event was published (or at the endpoint's rate-limit slot).",
  retry: "An automatic retry after an earlier attempt failed, on the retry schedule's backoff.",
  replay: "Sent again on request: a one-click replay or a filtered replay.",
  probe: "The single trial request of a circuit breaker that was open: if it succeeds, the endpoint gets traffic again.",
};

type ErrorKind = NonNullable<Attempt["error"]>["kind"];

export const ERROR_KIND_WORDS: Record<ErrorKind, string> = {
  http_status: "Error status: the endpoint answered, but not with 2xx",
  timeout: "Timeout: no complete answer within the endpoint's timeout",
  connection: "Connection failed: refused, reset or closed before an answer",
  dns: "DNS: the endpoint's host name could not be resolved",
  tls: "TLS: the secure connection could not be established (certificate or handshake)",
  blocked_address: "Blocked address: the host resolves to a private or reserved address, so nothing was sent",
  response_too_large: "Response too large: the endpoint's answer exceeded the size Hookline reads",
  internal: "Internal: Hookline could not make this attempt",
};

/** An attempt succeeded when it got a 2xx answer and no error. */
export function attemptOutcome(attempt: Attempt): "delivered" | "failed" {
  const ok = attempt.response_status !== null && attempt.response_status >= 200 && attempt.response_status < 300;
  return ok && !attempt.error ? "delivered" : "failed";
}
