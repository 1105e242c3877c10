// One endpoint's health (GET /api/v1/endpoints/{id}/health): its isolation state as the workers keep
// it on the endpoint row, its attempt counters over the last 24 h (endpoint_stats) and its newest
// attempt. Three independent reads, each through a primary key or index.
import { fromPrisma } from "pg-boss";
import type { Db } from "../../db/client";
import { effectiveConcurrency } from "../../delivery/adaptive-concurrency";
import { type RampConfig, rampEnded, rampRate } from "../../delivery/pacing";
import { rampOf } from "../isolation/endpoint-runtime.repo";
import { notFound } from "../../errors";
import { LATENCY_BOUNDS_MS, latencyPercentile } from "../../lib/latency-histogram";
import type { EndpointHealth } from "./endpoint-health.schemas";
import { sumEndpointStats } from "./endpoint-stats.repo";
import { endpointsRepo } from "./endpoint.repo";

const HEALTH_WINDOW_MS = 24 * 3600_000;

export async function getEndpointHealth(db: Db, tenantId: string, endpointId: string, rampConfig: RampConfig, nowMs = Date.now()): Promise<EndpointHealth> {
  const repo = endpointsRepo(db);
  // The counters and the attempt are filtered by tenant too, so reading them before the 404 leaks nothing.
  const [endpoint, stats, lastAttempt] = await Promise.all([
    repo.find(tenantId, endpointId),
    sumEndpointStats(fromPrisma(db), tenantId, endpointId, new Date(nowMs - HEALTH_WINDOW_MS)),
    repo.latestAttempt(tenantId, endpointId),
  ]);
  if (!endpoint) throw notFound("endpoint", endpointId);
  const ramp = rampOf(endpoint);
  const circuitOpen = endpoint.circuitState !== "closed";
  const percentile = (q: number) => {
    const ms = latencyPercentile(stats.latencyBuckets, LATENCY_BOUNDS_MS, q);
    return ms === null ? null : Math.round(ms);
  };
  return {
    endpoint_id: endpoint.id,
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason,
    disabled_at: endpoint.disabledAt?.toISOString() ?? null,
    failing_since: endpoint.failingSince?.toISOString() ?? null,
    circuit: {
      state: endpoint.circuitState,
      opened_at: endpoint.circuitOpenedAt?.toISOString() ?? null,
      cooldown_ms: endpoint.circuitCooldownMs,
      next_probe_at: circuitOpen ? (endpoint.circuitProbeAt?.toISOString() ?? null) : null,
    },
    concurrency: { max: endpoint.maxConcurrency, effective: effectiveConcurrency(endpoint.concurrencyLimit, endpoint.maxConcurrency) },
    rate_limit_per_second: endpoint.rateLimitPerSecond,
    recovery_ramp:
      ramp && !rampEnded(ramp, nowMs, rampConfig)
        ? { started_at: new Date(ramp.startedAtMs).toISOString(), target_per_second: ramp.targetRate, current_per_second: rampRate(ramp, nowMs, rampConfig) }
        : null,
    last_24h: {
      attempts: stats.attempts,
      successes: stats.successes,
      failures: stats.failures,
      success_rate: stats.attempts > 0 ? stats.successes / stats.attempts : null,
      latency_p50_ms: percentile(0.5),
      latency_p95_ms: percentile(0.95),
    },
    last_attempt: lastAttempt
      ? {
          id: lastAttempt.id,
          delivery_id: lastAttempt.deliveryId,
          started_at: lastAttempt.startedAt.toISOString(),
          response_status: lastAttempt.responseStatus,
          error_kind: lastAttempt.errorKind,
          duration_ms: lastAttempt.durationMs,
        }
      : null,
  };
}
