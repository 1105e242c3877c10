// Delivery and attempt resources as the API returns them, and the list filters.
import { z } from "zod";
import { AttemptErrorKind, AttemptTrigger } from "../../db/generated/enums";
import { pageQuery } from "../../lib/pagination";
import { refineTimeRange, timeRangeQuery } from "../../lib/time-range-query";
import { eventTypeFilterQuery } from "../events/event.schemas";

export const DELIVERY_STATUSES = ["pending", "sending", "delivered", "retrying", "failed", "held", "cancelled"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const isDeliveryStatus = (value: string): value is DeliveryStatus => (DELIVERY_STATUSES as readonly string[]).includes(value);

/** One status or several, comma-separated (`failed,retrying`): the portal filters on a few at once. */
export const deliveryStatusesQuery = z
  .string()
  .describe(`One status or several, comma-separated (e.g. "failed,retrying"): ${DELIVERY_STATUSES.join(", ")}.`)
  .transform((value, ctx): DeliveryStatus[] => {
    const statuses = [...new Set(value.split(",").map((part) => part.trim()))];
    const known = statuses.filter(isDeliveryStatus);
    if (known.length === statuses.length) return known;
    const unknown = statuses.filter((status) => !isDeliveryStatus(status));
    ctx.addIssue({ code: "custom", message: `unknown status ${unknown.map((u) => JSON.stringify(u)).join(", ")}; use one or more of ${DELIVERY_STATUSES.join(", ")}` });
    return z.NEVER;
  });

export const listDeliveriesQuery = z
  .strictObject({
    ...pageQuery,
    endpoint_id: z.string().max(64).optional(),
    event_id: z.string().max(64).optional(),
    status: deliveryStatusesQuery.optional(),
    event_type: eventTypeFilterQuery.optional(),
    ...timeRangeQuery,
  })
  .superRefine(refineTimeRange);
export type ListDeliveriesQuery = z.output<typeof listDeliveriesQuery>;

export type DeliveryRow = {
  id: string;
  eventId: string;
  eventType: string | null;
  endpointId: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * next_attempt_at is shown only while the delivery waits for its next try (pending: due now or at its
 * pacing slot; retrying: the backoff). For `sending` the column holds the worker's lease, and for
 * held, delivered, failed and cancelled no attempt is scheduled.
 */
export function toDeliveryResource(row: DeliveryRow): z.output<typeof deliveryResource> {
  return {
    id: row.id,
    event_id: row.eventId,
    event_type: row.eventType,
    endpoint_id: row.endpointId,
    status: row.status,
    attempt_count: row.attemptCount,
    next_attempt_at: row.status === "retrying" || row.status === "pending" ? iso(row.nextAttemptAt) : null,
    last_attempt_at: iso(row.lastAttemptAt),
    last_response_status: row.lastResponseStatus,
    last_error: row.lastError,
    delivered_at: iso(row.deliveredAt),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export const deliveryResource = z.object({
  id: z.string(),
  event_id: z.string(),
  event_type: z.string().nullable(),
  endpoint_id: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempt_count: z.number().int(),
  next_attempt_at: z.iso.datetime().nullable().describe("When the next try is due, while pending or retrying; otherwise null."),
  last_attempt_at: z.iso.datetime().nullable(),
  last_response_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  delivered_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export type AttemptRow = {
  id: string;
  trigger: AttemptTrigger;
  attemptNumber: number;
  startedAt: Date;
  durationMs: number;
  requestHeaders: unknown;
  responseStatus: number | null;
  responseHeaders: unknown;
  responseBody: string | null;
  errorKind: AttemptErrorKind | null;
  errorMessage: string | null;
};

const headerMap = z.record(z.string(), z.string());

export const attemptResource = z.object({
  id: z.string(),
  trigger: z.enum(AttemptTrigger),
  attempt_number: z.number().int(),
  started_at: z.iso.datetime(),
  duration_ms: z.number().int(),
  request_headers: headerMap.describe("The headers sent, signature included."),
  response_status: z.number().int().nullable(),
  response_headers: headerMap.nullable(),
  response_body: z.string().nullable().describe("The first 4 KiB of the response body."),
  error: z.object({ kind: z.enum(AttemptErrorKind), message: z.string() }).nullable(),
});

export const deliveryDetailResource = deliveryResource.extend({ attempts: z.array(attemptResource).describe("Every try, oldest first.") });
export type DeliveryDetail = z.output<typeof deliveryDetailResource>;

export function toAttemptResource(row: AttemptRow): z.output<typeof attemptResource> {
  return {
    id: row.id,
    trigger: row.trigger,
    attempt_number: row.attemptNumber,
    started_at: row.startedAt.toISOString(),
    duration_ms: row.durationMs,
    // Written by the delivery worker as header maps (delivery-attempt.repo.ts).
    request_headers: row.requestHeaders as Record<string, string>,
    response_status: row.responseStatus,
    response_headers: (row.responseHeaders ?? null) as Record<string, string> | null,
    response_body: row.responseBody,
    error: row.errorKind ? { kind: row.errorKind, message: row.errorMessage ?? row.errorKind } : null,
  };
}
