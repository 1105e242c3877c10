// The portal's endpoint charts and list health (tRPC endpoints.stats and endpoints.healthSummary):
// inputs, and the shapes the service returns (typed by these schemas).
import { z } from "zod";
import { CircuitState, EndpointDisabledReason } from "../../db/generated/enums";

/** One page of the endpoint list at most; the ids are looked up in one statement. */
export const HEALTH_SUMMARY_MAX_IDS = 100;

export const healthSummaryInput = z.strictObject({ ids: z.array(z.string().min(1).max(64)).min(1).max(HEALTH_SUMMARY_MAX_IDS) });
export type HealthSummaryInput = z.output<typeof healthSummaryInput>;

const latencyMs = z.number().int().nullable().describe("Null when the period has no attempts.");

export const hourStatsResource = z.object({
  hour: z.iso.datetime().describe("Start of the UTC hour."),
  attempts: z.number().int(),
  successes: z.number().int(),
  failures: z.number().int(),
  latency_p50_ms: latencyMs,
  latency_p95_ms: latencyMs,
});
export type HourStats = z.output<typeof hourStatsResource>;

export const endpointHealthSummaryResource = z.object({
  endpoint_id: z.string(),
  circuit_state: z.enum(CircuitState),
  enabled: z.boolean(),
  disabled_reason: z.enum(EndpointDisabledReason).nullable(),
  last_24h: z.object({
    attempts: z.number().int(),
    successes: z.number().int(),
    failures: z.number().int(),
    success_rate: z.number().nullable().describe("successes / attempts; null without attempts."),
    latency_p95_ms: latencyMs,
  }),
});
export type EndpointHealthSummary = z.output<typeof endpointHealthSummaryResource>;
