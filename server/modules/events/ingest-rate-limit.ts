// Per-tenant ingest rate limit: a token bucket per tenant in this web process. In memory on purpose:
// a shared row would serialize every publish of a hot tenant on one lock. With N web processes the
// effective limit is N × the configured rate.
import { type BucketState, takeToken } from "../../delivery/token-bucket";
import { AppError } from "../../errors";

export type RateLimitHeaders = Record<string, string>;

export class IngestRateLimiter {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly config: { ratePerSecond: number; burst: number },
    /** The 429's message; the per-key API request limit reuses this limiter with its own wording. */
    private readonly refusal: (key: string, retryAfterSeconds: string) => string = (tenantId, retryAfter) =>
      `Tenant ${tenantId} is publishing faster than ${config.ratePerSecond} events/s; retry after ${retryAfter} s.`,
  ) {}

  /** Spends one token for the tenant, or throws 429 with Retry-After and X-RateLimit-* headers. */
  take(tenantId: string, nowMs: number): RateLimitHeaders {
    const decision = takeToken(this.buckets.get(tenantId), this.config, nowMs);
    this.buckets.set(tenantId, decision.state);
    const headers = {
      "x-ratelimit-limit": String(this.config.ratePerSecond),
      "x-ratelimit-remaining": String(Math.floor(decision.remaining)),
      "x-ratelimit-reset": String(Math.ceil(decision.resetMs / 1000)),
    };
    if (decision.allowed) return headers;
    const retryAfter = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
    throw new AppError("rate_limited", this.refusal(tenantId, retryAfter), null, { ...headers, "retry-after": retryAfter });
  }
}
