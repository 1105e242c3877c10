// Outbound HTTP client: POSTs one signed webhook to a customer endpoint and reports what happened.
// One undici Agent (connection pools per origin) instead of fetch: less overhead per request, and
// direct control over the connector, which is where the SSRF guard has to live.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import { Agent, type Dispatcher } from "undici";
import { checkAddress, hostnameLiteral } from "../server/delivery/address-rules";
import { MAX_CONCURRENCY_TIER } from "../server/jobs/queues";

export type SendRequest = { url: string; headers: Record<string, string>; body: string; timeoutMs: number };
export type SendResult =
  | { kind: "response"; status: number; headers: Record<string, string>; bodyExcerpt: string; bodyTruncated: boolean; retryAfter?: string; durationMs: number }
  | { kind: "error"; errorKind: SendErrorKind; message: string; durationMs: number };
export type SendErrorKind = "timeout" | "connection" | "dns" | "tls" | "blocked_address" | "internal";
export type HttpSender = { send(request: SendRequest): Promise<SendResult>; close(): Promise<void> };

export const RESPONSE_READ_CAP = 64 * 1024; // never read more than this from a response
export const RESPONSE_EXCERPT_BYTES = 4 * 1024; // what is kept (bodyExcerpt), UTF-8 decoded leniently

// Upper bound for establishing a socket. The per-request AbortSignal cuts the request itself earlier;
// this only limits how long an abandoned connection attempt may linger inside the pool.
const CONNECT_TIMEOUT_MS = 10_000;
const BLOCKED_CODE = "HOOKLINE_BLOCKED_ADDRESS";

class BlockedAddressError extends Error {
  readonly code = BLOCKED_CODE;
  constructor(host: string, ip: string, range: string) {
    super(`${host} resolves to ${ip} (${range}); private targets are not allowed`);
  }
}

function firstBlocked(host: string, addresses: readonly string[]): BlockedAddressError | null {
  for (const ip of addresses) {
    const verdict = checkAddress(ip);
    if (!verdict.allowed) return new BlockedAddressError(host, ip, verdict.range);
  }
  return null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

// Runs inside net.connect, so the addresses checked here are exactly the ones the socket connects to:
// no second resolution, no DNS-rebinding window. Any blocked address refuses the whole name (a name
// pointing at public and private addresses at once is suspicious, not something to filter).
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const blocked = firstBlocked(hostname, addresses.map((a) => a.address));
    if (blocked) return callback(blocked, []);
    const [first] = addresses;
    if (!first) return callback(Object.assign(new Error(`${hostname} has no addresses`), { code: "ENOTFOUND" }), []);
    // Node asks for all addresses when autoSelectFamily is on (the default), for one otherwise.
    if (options.all) callback(null, addresses);
    else callback(null, first.address, first.family);
  });
}

type Target = { origin: string; path: string } | { errorKind: SendErrorKind; message: string };

function parseTarget(rawUrl: string, allowPrivateTargets: boolean): Target {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { errorKind: "internal", message: "invalid URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { errorKind: "internal", message: `unsupported URL scheme "${url.protocol}"; only http: and https: are allowed` };
  }
  if (!allowPrivateTargets) {
    // Node skips the lookup hook exactly when net.isIP(host) is true, so literals are checked here.
    const bare = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const literal = hostnameLiteral(url.hostname) ?? (isIP(bare) ? bare : null);
    const blocked = literal === null ? null : firstBlocked(literal, [literal]);
    if (blocked) return { errorKind: "blocked_address", message: blocked.message };
  }
  return { origin: url.origin, path: `${url.pathname}${url.search}` };
}

type Excerpt = { text: string; truncated: boolean };

// Reads at most RESPONSE_READ_CAP bytes, keeps the first RESPONSE_EXCERPT_BYTES. Reading a little past
// the excerpt lets short bodies finish so the connection can be reused; a longer or stalled body is
// destroyed, which closes that connection instead of downloading an arbitrarily large response.
async function readExcerpt(body: Dispatcher.ResponseData["body"]): Promise<Excerpt> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let total = 0;
  let complete = false;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (keptBytes < RESPONSE_EXCERPT_BYTES) {
        const part = Buffer.from(chunk.subarray(0, RESPONSE_EXCERPT_BYTES - keptBytes)); // copy: don't pin the chunk
        kept.push(part);
        keptBytes += part.length;
      }
      if (total >= RESPONSE_READ_CAP) break;
    }
    complete = total < RESPONSE_READ_CAP;
  } catch {
    // Deadline or socket failure mid-body: the status line already arrived, so report it with what we have.
  } finally {
    if (!body.destroyed) body.destroy();
  }
  const truncated = !complete || total > RESPONSE_EXCERPT_BYTES;
  // stream: true drops a multi-byte character cut at the excerpt boundary instead of emitting U+FFFD.
  const text = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(kept), { stream: truncated });
  return { text, truncated };
}

function joinHeaders(headers: Dispatcher.ResponseData["headers"]): Record<string, string> {
  const joined: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) joined[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return joined;
}

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL", "EAI_ADDRFAMILY", "ENODATA", "ESERVFAIL"]);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|CRL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|INVALID_CA|HOSTNAME_MISMATCH|ERROR_IN_CERT)/;
const CONNECTION_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN",
  "EADDRNOTAVAIL", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

type ErrorLike = { name?: unknown; code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown; errors?: unknown };

// The error and what it wraps: undici and net nest the real cause in .cause or AggregateError.errors.
function errorChain(error: unknown, depth = 0): ErrorLike[] {
  if (typeof error !== "object" || error === null || depth > 3) return [];
  const e = error as ErrorLike;
  const nested = [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return [e, ...nested.flatMap((inner) => errorChain(inner, depth + 1))];
}

function kindOf(e: ErrorLike): SendErrorKind | null {
  const code = typeof e.code === "string" ? e.code : "";
  if (code === BLOCKED_CODE) return "blocked_address";
  if (e.name === "TimeoutError" || e.name === "AbortError" || TIMEOUT_CODES.has(code)) return "timeout";
  if (TLS_CODE.test(code)) return "tls";
  if (e.syscall === "getaddrinfo" || DNS_CODES.has(code)) return "dns";
  // HPE_*: the receiver answered with something that is not HTTP, a fault of the far end like a reset.
  if (CONNECTION_CODES.has(code) || code.startsWith("HPE_")) return "connection";
  return null;
}

/** Maps an undici/node error to a SendErrorKind and a short message (never request headers). */
export function classifyError(error: unknown, timeoutMs: number): { errorKind: SendErrorKind; message: string } {
  const chain = errorChain(error);
  for (const e of chain) {
    const errorKind = kindOf(e);
    if (errorKind === "timeout") return { errorKind, message: `no complete response within ${timeoutMs} ms` };
    if (errorKind) return { errorKind, message: shortMessage(e) };
  }
  return { errorKind: "internal", message: shortMessage(chain[0] ?? { message: String(error) }) };
}

function shortMessage(e: ErrorLike): string {
  const text = typeof e.message === "string" && e.message !== "" ? e.message : String(e.code ?? e.name ?? "unknown error");
  const firstLine = text.split("\n", 1)[0] ?? text;
  return firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine;
}

export function createHttpSender(options: { allowPrivateTargets: boolean; connectionsPerOrigin?: number; now?: () => number }): HttpSender {
  const now = options.now ?? (() => performance.now());
  const agent = new Agent({
    allowH2: false, // undici 8 negotiates H2 by default; H2 stream replays could deliver a POST twice
    pipelining: 1, // never queue a POST behind another one on the same socket
    // Per-endpoint caps (up to 100) govern concurrency; the pool must not be the tighter limit, or
    // endpoints sharing a host (many customers on one SaaS domain) would queue behind each other.
    connections: options.connectionsPerOrigin ?? MAX_CONCURRENCY_TIER,
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 60_000,
    connectTimeout: CONNECT_TIMEOUT_MS,
    connect: options.allowPrivateTargets ? {} : { lookup: guardedLookup },
  });

  async function send(request: SendRequest): Promise<SendResult> {
    const start = now();
    const durationMs = () => Math.max(0, Math.round(now() - start));
    const target = parseTarget(request.url, options.allowPrivateTargets);
    if ("errorKind" in target) return { kind: "error", ...target, durationMs: durationMs() };
    let response: Dispatcher.ResponseData;
    try {
      // One deadline for connect + headers + body. AbortSignal.timeout only takes whole milliseconds.
      const signal = AbortSignal.timeout(Math.ceil(request.timeoutMs));
      response = await agent.request({ ...target, method: "POST", headers: request.headers, body: request.body, signal });
    } catch (error) {
      return { kind: "error", ...classifyError(error, request.timeoutMs), durationMs: durationMs() };
    }
    const excerpt = await readExcerpt(response.body);
    const headers = joinHeaders(response.headers);
    const retryAfter = headers["retry-after"];
    return {
      kind: "response",
      status: response.statusCode,
      headers,
      bodyExcerpt: excerpt.text,
      bodyTruncated: excerpt.truncated,
      ...(retryAfter === undefined ? {} : { retryAfter }),
      durationMs: durationMs(),
    };
  }

  return { send, close: () => agent.close() };
}
