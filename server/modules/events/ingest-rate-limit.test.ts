import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { IngestRateLimiter } from "./ingest-rate-limit";

describe("IngestRateLimiter", () => {
  it("allows the burst, then 429 with Retry-After and X-RateLimit-* headers; refills at the rate", () => {
    const limiter = new IngestRateLimiter({ ratePerSecond: 2, burst: 3 });
    for (let i = 0; i < 3; i++) expect(limiter.take("ten_a", 0)["x-ratelimit-limit"]).toBe("2");
    let refused: AppError | undefined;
    try {
      limiter.take("ten_a", 0);
    } catch (error) {
      refused = error as AppError;
    }
    expect(refused?.code).toBe("rate_limited");
    expect(refused?.headers).toMatchObject({ "retry-after": "1", "x-ratelimit-remaining": "0", "x-ratelimit-limit": "2" });
    expect(() => limiter.take("ten_a", 500)).not.toThrow(); // one token back after 0.5 s at 2/s
  });

  it("keeps tenants apart", () => {
    const limiter = new IngestRateLimiter({ ratePerSecond: 1, burst: 1 });
    limiter.take("ten_a", 0);
    expect(() => limiter.take("ten_a", 0)).toThrow(AppError);
    expect(() => limiter.take("ten_b", 0)).not.toThrow();
  });
});
