-- Hookline initial schema. Written by hand in Prisma Migrate's layout and naming
-- (<table>_pkey, <table>_<cols>_key, <table>_<cols>_idx, <table>_<cols>_fkey).

-- Enums
CREATE TYPE "membership_role" AS ENUM ('owner', 'admin', 'member');
CREATE TYPE "endpoint_disabled_reason" AS ENUM ('manual', 'gone', 'failing');
CREATE TYPE "circuit_state" AS ENUM ('closed', 'open', 'half_open');
CREATE TYPE "delivery_status" AS ENUM ('pending', 'sending', 'delivered', 'retrying', 'failed', 'held', 'cancelled');
CREATE TYPE "attempt_trigger" AS ENUM ('initial', 'retry', 'replay', 'probe');
CREATE TYPE "attempt_error_kind" AS ENUM ('http_status', 'timeout', 'connection', 'dns', 'tls', 'blocked_address', 'response_too_large', 'internal');
CREATE TYPE "replay_state" AS ENUM ('pending', 'running', 'paused', 'completed', 'cancelled', 'failed');

-- Platform-level tables
CREATE TABLE "tenants" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "tenants_name_not_blank" CHECK (length(btrim("name")) > 0)
);

CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "password_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_email_lowercase" CHECK ("email" = lower("email"))
);
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

CREATE TABLE "service_tokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "service_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "service_tokens_token_hash_key" ON "service_tokens"("token_hash");

CREATE TABLE "event_types" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "schema" JSONB,
    "deprecated" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "event_types_pkey" PRIMARY KEY ("id"),
    -- dot-separated segments; "*" is reserved for subscriptions
    CONSTRAINT "event_types_name_format" CHECK ("name" ~ '^[a-z0-9_-]+(\.[a-z0-9_-]+)*$')
);
CREATE UNIQUE INDEX "event_types_name_key" ON "event_types"("name");

-- Tenant-owned tables: tenant_id first in every key and index
CREATE TABLE "memberships" (
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "membership_role" NOT NULL DEFAULT 'member',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "memberships_pkey" PRIMARY KEY ("tenant_id", "user_id"),
    CONSTRAINT "memberships_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");

CREATE TABLE "api_keys" (
    "tenant_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "api_keys_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

CREATE TABLE "endpoints" (
    "tenant_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "event_types" TEXT[] NOT NULL DEFAULT ARRAY['*']::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabled_reason" "endpoint_disabled_reason",
    "disabled_at" TIMESTAMPTZ(3),
    "timeout_ms" INTEGER NOT NULL DEFAULT 15000,
    "rate_limit_per_second" INTEGER,
    "max_concurrency" INTEGER NOT NULL DEFAULT 10,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "circuit_state" "circuit_state" NOT NULL DEFAULT 'closed',
    "circuit_opened_at" TIMESTAMPTZ(3),
    "circuit_cooldown_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "endpoints_pkey" PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "endpoints_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "endpoints_url_http" CHECK ("url" ~ '^https?://'),
    CONSTRAINT "endpoints_timeout_ms_range" CHECK ("timeout_ms" BETWEEN 1000 AND 30000),
    CONSTRAINT "endpoints_rate_limit_positive" CHECK ("rate_limit_per_second" IS NULL OR "rate_limit_per_second" > 0),
    CONSTRAINT "endpoints_max_concurrency_range" CHECK ("max_concurrency" BETWEEN 1 AND 1000),
    CONSTRAINT "endpoints_disabled_has_reason" CHECK ("enabled" OR "disabled_reason" IS NOT NULL)
);

CREATE TABLE "endpoint_secrets" (
    "tenant_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    CONSTRAINT "endpoint_secrets_pkey" PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "endpoint_secrets_tenant_id_endpoint_id_fkey" FOREIGN KEY ("tenant_id", "endpoint_id") REFERENCES "endpoints"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "endpoint_secrets_format" CHECK ("secret" LIKE 'whsec\_%')
);
CREATE INDEX "endpoint_secrets_tenant_id_endpoint_id_idx" ON "endpoint_secrets"("tenant_id", "endpoint_id");

-- Events hold the payloads: RANGE-partitioned by their time-sortable id, one partition a month, so
-- retention detaches (CONCURRENTLY) and drops whole months. There is deliberately no DEFAULT
-- partition: it would forbid DETACH CONCURRENTLY. hookline_ensure_partitions (end of this file)
-- keeps months ready ahead. COLLATE "C" makes id order byte order, which is time order for our ids.
CREATE TABLE "events" (
    "tenant_id" TEXT NOT NULL,
    "id" TEXT COLLATE "C" NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "events_pkey" PRIMARY KEY ("tenant_id", "id")
) PARTITION BY RANGE ("id");
CREATE INDEX "events_tenant_id_type_id_idx" ON "events"("tenant_id", "type", "id");

CREATE TABLE "idempotency_keys" (
    "tenant_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("tenant_id", "key"),
    CONSTRAINT "idempotency_keys_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "idempotency_keys_tenant_id_expires_at_idx" ON "idempotency_keys"("tenant_id", "expires_at");

CREATE TABLE "deliveries" (
    "tenant_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "status" "delivery_status" NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_response_status" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "deliveries_tenant_id_endpoint_id_fkey" FOREIGN KEY ("tenant_id", "endpoint_id") REFERENCES "endpoints"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "deliveries_attempt_count_nonnegative" CHECK ("attempt_count" >= 0),
    CONSTRAINT "deliveries_delivered_has_time" CHECK ("status" <> 'delivered' OR "delivered_at" IS NOT NULL)
);
CREATE UNIQUE INDEX "deliveries_tenant_id_event_id_endpoint_id_key" ON "deliveries"("tenant_id", "event_id", "endpoint_id");
CREATE INDEX "deliveries_tenant_id_endpoint_id_status_id_idx" ON "deliveries"("tenant_id", "endpoint_id", "status", "id");
CREATE INDEX "deliveries_tenant_id_status_next_attempt_at_idx" ON "deliveries"("tenant_id", "status", "next_attempt_at");

-- Every try of a delivery; partitioned like events.
CREATE TABLE "attempts" (
    "tenant_id" TEXT NOT NULL,
    "id" TEXT COLLATE "C" NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "trigger" "attempt_trigger" NOT NULL,
    "attempt_number" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "request_headers" JSONB NOT NULL,
    "response_status" INTEGER,
    "response_headers" JSONB,
    "response_body" TEXT,
    "error_kind" "attempt_error_kind",
    "error_message" TEXT,
    CONSTRAINT "attempts_pkey" PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "attempts_response_body_excerpt" CHECK ("response_body" IS NULL OR octet_length("response_body") <= 4096),
    CONSTRAINT "attempts_attempt_number_positive" CHECK ("attempt_number" >= 1),
    CONSTRAINT "attempts_duration_nonnegative" CHECK ("duration_ms" >= 0)
) PARTITION BY RANGE ("id");
CREATE INDEX "attempts_tenant_id_delivery_id_id_idx" ON "attempts"("tenant_id", "delivery_id", "id");
CREATE INDEX "attempts_tenant_id_endpoint_id_id_idx" ON "attempts"("tenant_id", "endpoint_id", "id");

CREATE TABLE "replays" (
    "tenant_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "rate_per_second" DOUBLE PRECISION NOT NULL,
    "state" "replay_state" NOT NULL DEFAULT 'pending',
    "total" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "replays_pkey" PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "replays_tenant_id_endpoint_id_fkey" FOREIGN KEY ("tenant_id", "endpoint_id") REFERENCES "endpoints"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "replays_rate_positive" CHECK ("rate_per_second" > 0),
    CONSTRAINT "replays_progress_consistent" CHECK ("delivered" >= 0 AND "failed" >= 0 AND "sent" <= "total" AND "delivered" + "failed" <= "sent")
);
CREATE INDEX "replays_tenant_id_endpoint_id_id_idx" ON "replays"("tenant_id", "endpoint_id", "id");

-- Partition upkeep, in SQL so that `prisma migrate deploy` and our runner leave the same database.
-- hookline_id_time(ms) is server/lib/ids.ts encodeTime: 10 Crockford base32 digits of unix ms.
CREATE FUNCTION "hookline_id_time"(ms BIGINT) RETURNS TEXT LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    alphabet CONSTANT TEXT := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    encoded TEXT := '';
    rest BIGINT := ms;
BEGIN
    FOR i IN 1..10 LOOP
        encoded := substr(alphabet, (rest % 32)::INT + 1, 1) || encoded;
        rest := rest / 32;
    END LOOP;
    RETURN encoded;
END $$;

-- Creates the missing monthly partitions of events and attempts around `at` and returns their names.
-- Each is created standalone and then ATTACHed, which locks the parent only in SHARE UPDATE
-- EXCLUSIVE mode (reads and writes go on); lock_timeout keeps it from queueing behind long
-- transactions. The worker calls it hourly; a failure is retried on the next run.
CREATE FUNCTION "hookline_ensure_partitions"(at TIMESTAMPTZ DEFAULT now(), months_back INT DEFAULT 1, months_ahead INT DEFAULT 3)
RETURNS SETOF TEXT LANGUAGE plpgsql AS $$
DECLARE
    spec RECORD;
    month_start TIMESTAMP;
    partition_name TEXT;
    lower_bound TEXT;
    upper_bound TEXT;
BEGIN
    PERFORM pg_advisory_xact_lock(72707370);
    PERFORM set_config('lock_timeout', '5s', true);
    FOR spec IN SELECT * FROM (VALUES ('events', 'evt'), ('attempts', 'att')) AS t(parent, prefix) LOOP
        FOR step IN -months_back..months_ahead LOOP
            month_start := date_trunc('month', at AT TIME ZONE 'UTC') + make_interval(months => step);
            partition_name := spec.parent || '_p' || to_char(month_start, 'YYYYMM');
            CONTINUE WHEN to_regclass(format('%I', partition_name)) IS NOT NULL;
            lower_bound := spec.prefix || '_' || hookline_id_time((extract(epoch FROM month_start) * 1000)::BIGINT);
            upper_bound := spec.prefix || '_' || hookline_id_time((extract(epoch FROM month_start + INTERVAL '1 month') * 1000)::BIGINT);
            EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition_name, spec.parent);
            EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', spec.parent, partition_name, lower_bound, upper_bound);
            RETURN NEXT partition_name;
        END LOOP;
    END LOOP;
END $$;

SELECT "hookline_ensure_partitions"();
