// The endpoint resource: request validation (zod, strict: an unknown field is an error naming it) and
// the snake_case shape the API returns. OpenAPI is generated from these same schemas.
import { z } from "zod";
import type { Endpoint } from "../../db/generated/client";
import { CircuitState, EndpointDisabledReason } from "../../db/generated/enums";
import { pageQuery } from "../../lib/pagination";
import { EVENT_TYPE_MAX_LENGTH, parseFilter } from "../../delivery/event-type-match";

/** Headers we set ourselves (or that would break HTTP framing) cannot be overridden per endpoint. */
const RESERVED_HEADERS = /^(host|content-type|content-length|transfer-encoding|connection|keep-alive|upgrade|expect|te|trailer|user-agent|webhook-.*|proxy-.*)$/i;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,100}$/;

export const eventTypeFilter = z.string().superRefine((value, ctx) => {
  const parsed = parseFilter(value);
  if (parsed.kind === "invalid") ctx.addIssue({ code: "custom", message: parsed.reason });
});

const customHeaders = z
  .record(z.string(), z.string().max(1000).refine((v) => !/[\r\n\0]/.test(v), "header values cannot contain CR, LF or NUL"))
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > 20) ctx.addIssue({ code: "custom", message: "at most 20 custom headers" });
    for (const name of names) {
      if (!HEADER_NAME.test(name)) ctx.addIssue({ code: "custom", path: [name], message: "not a valid HTTP header name" });
      else if (RESERVED_HEADERS.test(name)) ctx.addIssue({ code: "custom", path: [name], message: "is set by Hookline and cannot be overridden" });
    }
  });

export const ENDPOINT_LIMITS = { timeoutMs: [1_000, 30_000], rateLimit: [1, 10_000], concurrency: [1, 100] } as const;

// The fields once, without defaults: create adds its defaults, update takes any non-empty subset.
const endpointFields = {
  url: z.string().max(2048).pipe(z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" })),
  description: z.string().max(500),
  event_types: z.array(eventTypeFilter).min(1).max(100),
  enabled: z.boolean(),
  timeout_ms: z.number().int().min(ENDPOINT_LIMITS.timeoutMs[0]).max(ENDPOINT_LIMITS.timeoutMs[1]),
  rate_limit_per_second: z.number().int().min(ENDPOINT_LIMITS.rateLimit[0]).max(ENDPOINT_LIMITS.rateLimit[1]).nullable(),
  max_concurrency: z.number().int().min(ENDPOINT_LIMITS.concurrency[0]).max(ENDPOINT_LIMITS.concurrency[1]),
  headers: customHeaders,
};

export const createEndpointSchema = z.strictObject({
  ...endpointFields,
  description: endpointFields.description.default(""),
  event_types: endpointFields.event_types.default(["*"]),
  enabled: endpointFields.enabled.default(true),
  timeout_ms: endpointFields.timeout_ms.optional(),
  rate_limit_per_second: endpointFields.rate_limit_per_second.default(null),
  max_concurrency: endpointFields.max_concurrency.default(10),
  headers: endpointFields.headers.default({}),
});
export type CreateEndpointInput = z.output<typeof createEndpointSchema>;

/** PATCH: any of the create fields, validated the same way; an empty body would change nothing, so it is refused. */
export const updateEndpointSchema = z
  .strictObject(endpointFields)
  .partial()
  // Counts only the endpoint's own fields, so the portal's input (these plus the endpoint's id) is checked alike.
  .refine((input) => Object.keys(input).some((key) => Object.hasOwn(endpointFields, key)), { message: `nothing to update: send at least one of ${Object.keys(endpointFields).join(", ")}` });
export type UpdateEndpointInput = z.output<typeof updateEndpointSchema>;

/** Up to 7 days of overlap, in which the old secret keeps signing beside the new one. */
export const rotateSecretSchema = z.strictObject({
  overlap_seconds: z.number().int().min(0).max(7 * 24 * 3600).default(24 * 3600),
});
export type RotateSecretInput = z.output<typeof rotateSecretSchema>;

export const sendTestEventSchema = z.strictObject({ type: z.string().max(EVENT_TYPE_MAX_LENGTH).optional() });
export type SendTestEventInput = z.output<typeof sendTestEventSchema>;

export const rotatedSecretResource = z.object({
  secret: z.string().describe("The new signing secret (whsec_…). Shown only here."),
  previous_expires_at: z.iso.datetime().describe("Until then the previous secret signs too (one v1 signature each)."),
});

export function toRotatedSecret(secret: string, previousExpiresAt: Date): z.output<typeof rotatedSecretResource> {
  return { secret, previous_expires_at: previousExpiresAt.toISOString() };
}

export const testEventSentResource = z.object({ event_id: z.string(), delivery_id: z.string() });

export function toTestEventSent(eventId: string, deliveryId: string): z.output<typeof testEventSentResource> {
  return { event_id: eventId, delivery_id: deliveryId };
}

export const listEndpointsQuery = z.strictObject({ ...pageQuery });

export const endpointResource = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  event_types: z.array(z.string()).describe('Subscribed event types: exact names, "prefix.*" or "*".'),
  enabled: z.boolean(),
  disabled_reason: z.enum(EndpointDisabledReason).nullable(),
  disabled_at: z.iso.datetime().nullable(),
  timeout_ms: z.number().int(),
  rate_limit_per_second: z.number().int().nullable(),
  max_concurrency: z.number().int(),
  headers: z.record(z.string(), z.string()).describe("Custom headers sent with every delivery."),
  circuit_state: z.enum(CircuitState),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type EndpointResource = z.output<typeof endpointResource>;

/** Only the create response carries the secret; reads never do. */
export const endpointWithSecretResource = endpointResource.extend({ secret: z.string().describe("The signing secret (whsec_…). Shown only here and by rotate-secret.") });
export type EndpointWithSecret = z.output<typeof endpointWithSecretResource>;

export function toEndpointResource(row: Endpoint): EndpointResource {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: row.eventTypes,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    disabled_at: row.disabledAt?.toISOString() ?? null,
    timeout_ms: row.timeoutMs,
    rate_limit_per_second: row.rateLimitPerSecond,
    max_concurrency: row.maxConcurrency,
    headers: row.headers as Record<string, string>,
    circuit_state: row.circuitState,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
