// Delivery and attempt resources as the API returns them, and the list filters.
import { z } from "zod";
import { pageQuery } from "../../lib/pagination";

export const DELIVERY_STATUSES = ["pending", "sending", "delivered", "retrying", "failed", "held", "cancelled"] as const;

export const listDeliveriesQuery = z.strictObject({
  ...pageQuery,
  endpoint_id: z.string().max(64).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  event_type: z.string().max(128).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
});
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
