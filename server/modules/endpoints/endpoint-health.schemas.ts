// GET /api/v1/endpoints/{id}/health: the isolation state of one endpoint and its last 24 h, as the
// API returns it (getEndpointHealth is typed by this schema; OpenAPI is generated from it).
import { z } from "zod";
import { AttemptErrorKind, CircuitState, EndpointDisabledReason } from "../../db/generated/enums";

const instant = z.iso.datetime();

export const endpointHealthResource = z.object({
  endpoint_id: z.string(),
  enabled: z.boolean(),
  disabled_reason: z.enum(EndpointDisabledReason).nullable(),
  disabled_at: instant.nullable(),
  failing_since: instant.nullable().describe("Start of the current run of failures; the endpoint is disabled when it lasts ENDPOINT_DISABLE_AFTER."),
  circuit: z.object({
    state: z.enum(CircuitState),
    opened_at: instant.nullable(),
    cooldown_ms: z.number().int().nullable(),
    next_probe_at: instant.nullable(),
  }),
  concurrency: z.object({ max: z.number().int(), effective: z.number().int().describe("After adaptive pressure (429s and timeouts lower it).") }),
  rate_limit_per_second: z.number().int().nullable(),
  recovery_ramp: z
    .object({ started_at: instant, target_per_second: z.number(), current_per_second: z.number() })
    .nullable()
    .describe("While a recovering endpoint's allowed rate ramps back up; otherwise null."),
  last_24h: z.object({
    attempts: z.number().int(),
    successes: z.number().int(),
    failures: z.number().int(),
    success_rate: z.number().nullable(),
    latency_p50_ms: z.number().int().nullable(),
    latency_p95_ms: z.number().int().nullable(),
  }),
  last_attempt: z
    .object({
      id: z.string(),
      delivery_id: z.string(),
      started_at: instant,
      response_status: z.number().int().nullable(),
      error_kind: z.enum(AttemptErrorKind).nullable(),
      duration_ms: z.number().int(),
    })
    .nullable(),
});
export type EndpointHealth = z.output<typeof endpointHealthResource>;
