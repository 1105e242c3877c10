import { describe, expect, it } from "vitest";
import { parseEnv } from "../../env";
import { AppError } from "../../errors";
import { takeApiRequest } from "./api-rate-limit";

const T0 = 1_700_000_000_000;
const limits = (rate: number, burst: number) => parseEnv({ API_RATE_LIMIT_PER_SECOND: String(rate), API_RATE_LIMIT_BURST: String(burst) });

function refusal(take: () => unknown): AppError {
  try {
    take();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a 429");
}

describe("takeApiRequest", () => {
  it("allows the burst per key with X-RateLimit-* headers, then 429 naming requests/s with Retry-After", () => {
    const config = limits(2, 3);
    const remaining = [0, 1, 2].map(() => takeApiRequest("key_a", T0, config)["x-ratelimit-remaining"]);
    expect(remaining).toEqual(["2", "1", "0"]);
    const refused = refusal(() => takeApiRequest("key_a", T0, config));
    expect(refused.code).toBe("rate_limited");
    expect(refused.message).toMatch(/more than 2 requests\/s; retry after 1 s/);
    expect(refused.headers).toMatchObject({ "retry-after": "1", "x-ratelimit-limit": "2", "x-ratelimit-remaining": "0" });
    expect(takeApiRequest("key_b", T0, config)["x-ratelimit-remaining"]).toBe("2"); // keys are apart
    expect(takeApiRequest("key_a", T0 + 500, config)["x-ratelimit-remaining"]).toBe("0"); // one token back at 2/s
  });

  it("Retry-After is whole seconds, at least 1, even for a slow rate", () => {
    const config = limits(1, 1);
    takeApiRequest("key_slow", T0, config);
    expect(refusal(() => takeApiRequest("key_slow", T0 + 1, config)).headers?.["retry-after"]).toBe("1");
  });

  it("a re-read configuration starts from a fresh limiter with the new limits", () => {
    const strict = limits(1, 1);
    takeApiRequest("key_c", T0, strict);
    expect(() => takeApiRequest("key_c", T0, strict)).toThrow(AppError);
    const relaxed = limits(50, 100);
    expect(takeApiRequest("key_c", T0, relaxed)).toMatchObject({ "x-ratelimit-limit": "50", "x-ratelimit-remaining": "99" });
  });

  it("defaults: 50 requests/s with a burst of 100", () => {
    expect(takeApiRequest("key_d", T0, parseEnv({}))).toMatchObject({ "x-ratelimit-limit": "50", "x-ratelimit-remaining": "99" });
  });
});
