// Per-API-key request rate limit on the tenant REST routes: the ingest limiter's token bucket, keyed by
// API key id. Per web process, like ingest: with N web processes a key may make N × the configured
// rate. Keyed by key, not tenant, so one runaway script does not lock its colleagues' keys out.
import { env, type Env } from "../../env";
import { IngestRateLimiter, type RateLimitHeaders } from "../events/ingest-rate-limit";

let current: { config: Env; limiter: IngestRateLimiter } | undefined;

/** Spends one request for the key: X-RateLimit-* headers for the response, or a 429 AppError with Retry-After. */
export function takeApiRequest(apiKeyId: string, nowMs = Date.now(), config = env()): RateLimitHeaders {
  return limiterFor(config).take(apiKeyId, nowMs);
}

/** Rebuilt when the configuration is re-read (tests set a low limit through reloadEnv). */
function limiterFor(config: Env): IngestRateLimiter {
  if (current?.config !== config) {
    const rate = config.API_RATE_LIMIT_PER_SECOND;
    const refusal = (_keyId: string, retryAfter: string) =>
      `This API key is making more than ${rate} requests/s; retry after ${retryAfter} s.`;
    current = { config, limiter: new IngestRateLimiter({ ratePerSecond: rate, burst: config.API_RATE_LIMIT_BURST }, refusal) };
  }
  return current.limiter;
}
