import { describe, expect, it } from "vitest";
import { type AttemptOutcome, type Classification, classifyOutcome, countsAsUnavailable, errorKindOf } from "./classify";

const response = (status: number, retryAfterMs?: number): AttemptOutcome =>
  retryAfterMs === undefined ? { kind: "response", status } : { kind: "response", status, retryAfterMs };
const failure = (errorKind: Extract<AttemptOutcome, { kind: "error" }>["errorKind"], message = ""): AttemptOutcome => ({ kind: "error", errorKind, message });

const NOT_RETRIED = "not retried (4xx other than 408, 425, 429)";
const BLOCKED = "target address is private or reserved";

describe("classifyOutcome", () => {
  it.each<[string, AttemptOutcome, Classification]>([
    ["200", response(200), { kind: "delivered" }],
    ["201", response(201), { kind: "delivered" }],
    ["204", response(204), { kind: "delivered" }],
    ["299", response(299), { kind: "delivered" }],
    ["2xx ignores Retry-After", response(200, 5_000), { kind: "delivered" }],
    ["410", response(410), { kind: "gone", reason: "HTTP 410 Gone: the endpoint asked not to be called again" }],
    ["410 with Retry-After", response(410, 5_000), { kind: "gone", reason: "HTTP 410 Gone: the endpoint asked not to be called again" }],
    ["500", response(500), { kind: "retry", reason: "HTTP 500" }],
    ["502", response(502), { kind: "retry", reason: "HTTP 502" }],
    ["503 with Retry-After", response(503, 120_000), { kind: "retry", reason: "HTTP 503", retryAfterMs: 120_000 }],
    ["599", response(599), { kind: "retry", reason: "HTTP 599" }],
    ["429", response(429), { kind: "retry", reason: "HTTP 429" }],
    ["429 with Retry-After", response(429, 30_000), { kind: "retry", reason: "HTTP 429", retryAfterMs: 30_000 }],
    ["429 with Retry-After 0", response(429, 0), { kind: "retry", reason: "HTTP 429", retryAfterMs: 0 }],
    ["408", response(408), { kind: "retry", reason: "HTTP 408" }],
    ["425", response(425), { kind: "retry", reason: "HTTP 425" }],
    ["400", response(400), { kind: "dead", reason: `HTTP 400: ${NOT_RETRIED}` }],
    ["401", response(401), { kind: "dead", reason: `HTTP 401: ${NOT_RETRIED}` }],
    ["403", response(403), { kind: "dead", reason: `HTTP 403: ${NOT_RETRIED}` }],
    ["404", response(404), { kind: "dead", reason: `HTTP 404: ${NOT_RETRIED}` }],
    ["404 ignores Retry-After", response(404, 5_000), { kind: "dead", reason: `HTTP 404: ${NOT_RETRIED}` }],
    ["409", response(409), { kind: "dead", reason: `HTTP 409: ${NOT_RETRIED}` }],
    ["413", response(413), { kind: "dead", reason: `HTTP 413: ${NOT_RETRIED}` }],
    ["422", response(422), { kind: "dead", reason: `HTTP 422: ${NOT_RETRIED}` }],
    ["499", response(499), { kind: "dead", reason: `HTTP 499: ${NOT_RETRIED}` }],
    ["301", response(301), { kind: "dead", reason: "HTTP 301: redirects are not followed" }],
    ["302", response(302), { kind: "dead", reason: "HTTP 302: redirects are not followed" }],
    ["304", response(304), { kind: "dead", reason: "HTTP 304: redirects are not followed" }],
    ["308", response(308), { kind: "dead", reason: "HTTP 308: redirects are not followed" }],
    ["100", response(100), { kind: "dead", reason: "HTTP 100: not a valid final status" }],
    ["600", response(600), { kind: "dead", reason: "HTTP 600: not a valid final status" }],
    ["999", response(999), { kind: "dead", reason: "HTTP 999: not a valid final status" }],
    ["timeout", failure("timeout", "no response within 15s"), { kind: "retry", reason: "no response within 15s" }],
    ["timeout without message", failure("timeout"), { kind: "retry", reason: "timeout" }],
    ["connection", failure("connection", "connection refused (ECONNREFUSED)"), { kind: "retry", reason: "connection refused (ECONNREFUSED)" }],
    ["connection without message", failure("connection", "  "), { kind: "retry", reason: "connection failed" }],
    ["dns", failure("dns", "getaddrinfo ENOTFOUND hooks.example.com"), { kind: "retry", reason: "getaddrinfo ENOTFOUND hooks.example.com" }],
    ["dns without message", failure("dns"), { kind: "retry", reason: "DNS lookup failed" }],
    ["tls", failure("tls", "certificate has expired"), { kind: "retry", reason: "certificate has expired" }],
    ["tls without message", failure("tls"), { kind: "retry", reason: "TLS handshake failed" }],
    ["blocked_address", failure("blocked_address"), { kind: "dead", reason: BLOCKED }],
    ["blocked_address with detail", failure("blocked_address", "10.0.0.7 (private)"), { kind: "dead", reason: `${BLOCKED}: 10.0.0.7 (private)` }],
    ["blocked_address with the generic message", failure("blocked_address", BLOCKED), { kind: "dead", reason: BLOCKED }],
    ["internal", failure("internal", "payload missing"), { kind: "retry", reason: "payload missing" }],
    ["internal without message", failure("internal"), { kind: "retry", reason: "internal error" }],
    ["response_too_large without status", failure("response_too_large"), { kind: "retry", reason: "response too large" }],
  ])("%s", (_, outcome, expected) => {
    expect(classifyOutcome(outcome)).toEqual(expected);
  });
});

describe("countsAsUnavailable", () => {
  it.each<[string, AttemptOutcome, boolean]>([
    ["200", response(200), false],
    ["204", response(204), false],
    ["301", response(301), false],
    ["400", response(400), false],
    ["404", response(404), false],
    ["408", response(408), false],
    ["410", response(410), false],
    ["425", response(425), false],
    ["429", response(429), true],
    ["500", response(500), true],
    ["503", response(503), true],
    ["599", response(599), true],
    ["600", response(600), false],
    ["timeout", failure("timeout", "x"), true],
    ["connection", failure("connection", "x"), true],
    ["dns", failure("dns", "x"), true],
    ["tls", failure("tls", "x"), true],
    ["blocked_address", failure("blocked_address", "x"), false],
    ["internal", failure("internal", "x"), false],
    ["response_too_large", failure("response_too_large", "x"), false],
  ])("%s → %s", (_, outcome, expected) => {
    expect(countsAsUnavailable(outcome)).toBe(expected);
  });
});

describe("errorKindOf", () => {
  it.each<[string, AttemptOutcome, ReturnType<typeof errorKindOf>]>([
    ["200", response(200), null],
    ["299", response(299), null],
    ["199", response(199), "http_status"],
    ["301", response(301), "http_status"],
    ["404", response(404), "http_status"],
    ["410", response(410), "http_status"],
    ["429", response(429, 1_000), "http_status"],
    ["500", response(500), "http_status"],
    ["timeout", failure("timeout"), "timeout"],
    ["connection", failure("connection"), "connection"],
    ["dns", failure("dns"), "dns"],
    ["tls", failure("tls"), "tls"],
    ["blocked_address", failure("blocked_address"), "blocked_address"],
    ["response_too_large", failure("response_too_large"), "response_too_large"],
    ["internal", failure("internal"), "internal"],
  ])("%s → %s", (_, outcome, expected) => {
    expect(errorKindOf(outcome)).toBe(expected);
  });
});
