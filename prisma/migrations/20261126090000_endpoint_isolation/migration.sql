-- Slow-customer isolation (DESIGN §5): each endpoint's runtime state, kept on its row so the claim
-- reads config and gates in one lookup; and per-minute counters for the health API.

ALTER TABLE "endpoints"
    -- open: when the next probe may go; half_open: when the probe's claim lapses (a new probe may go).
    ADD COLUMN "circuit_probe_at" TIMESTAMPTZ(3),
    -- The circuit breaker's sliding window: the current and the previous window's counts.
    ADD COLUMN "window_started_at" TIMESTAMPTZ(3),
    ADD COLUMN "window_failures" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "window_successes" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "prev_window_failures" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "prev_window_successes" INTEGER NOT NULL DEFAULT 0,
    -- AIMD: the effective concurrency; NULL means the full max_concurrency.
    ADD COLUMN "concurrency_limit" DOUBLE PRECISION,
    -- GCRA: the theoretical arrival time of the next delivery, when a rate limit or ramp applies.
    ADD COLUMN "rate_tat" TIMESTAMPTZ(3),
    -- Recovery ramp after the circuit closed or the endpoint was enabled; ramp_rate is H.
    ADD COLUMN "ramp_started_at" TIMESTAMPTZ(3),
    ADD COLUMN "ramp_rate" DOUBLE PRECISION,
    -- Start of the current unbroken run of failures (auto-disable); NULL after any success.
    ADD COLUMN "failing_since" TIMESTAMPTZ(3),
    -- Healthy historical rate: the best 10-second window of successes, per second.
    ADD COLUMN "peak_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    ADD COLUMN "rate_window_started_at" TIMESTAMPTZ(3),
    ADD COLUMN "rate_window_successes" INTEGER NOT NULL DEFAULT 0,
    ADD CONSTRAINT "endpoints_concurrency_limit_positive" CHECK ("concurrency_limit" IS NULL OR "concurrency_limit" >= 1);

-- Pre-aggregated attempt counters, one row per endpoint and minute (the health API reads at most
-- 1,440 of them for 24 h instead of scanning attempts). latency_buckets counts attempts per
-- duration bucket; the bounds live in server/modules/endpoints/endpoint-stats.ts.
CREATE TABLE "endpoint_stats" (
    "tenant_id" TEXT NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "successes" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "latency_buckets" INTEGER[] NOT NULL,
    CONSTRAINT "endpoint_stats_pkey" PRIMARY KEY ("tenant_id", "endpoint_id", "minute"),
    CONSTRAINT "endpoint_stats_tenant_id_endpoint_id_fkey" FOREIGN KEY ("tenant_id", "endpoint_id") REFERENCES "endpoints"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE
);
