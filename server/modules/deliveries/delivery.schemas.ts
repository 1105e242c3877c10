// Delivery and attempt resources as the API returns them, and the list filters.
import { z } from "zod";
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
  status: string;
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
export function toDeliveryResource(row: DeliveryRow) {
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

export type AttemptRow = {
  id: string;
  trigger: string;
  attemptNumber: number;
  startedAt: Date;
  durationMs: number;
  requestHeaders: unknown;
  responseStatus: number | null;
  responseHeaders: unknown;
  responseBody: string | null;
  errorKind: string | null;
  errorMessage: string | null;
};

export function toAttemptResource(row: AttemptRow) {
  return {
    id: row.id,
    trigger: row.trigger,
    attempt_number: row.attemptNumber,
    started_at: row.startedAt.toISOString(),
    duration_ms: row.durationMs,
    request_headers: row.requestHeaders,
    response_status: row.responseStatus,
    response_headers: row.responseHeaders ?? null,
    response_body: row.responseBody,
    error: row.errorKind ? { kind: row.errorKind, message: row.errorMessage ?? row.errorKind } : null,
  };
}
