// The publish request, the reading filters and the event resources. Payload limits are part of the contract.
import { z } from "zod";
import { type EventTypeFilter, parseFilter } from "../../delivery/event-type-match";
import { pageQuery } from "../../lib/pagination";
import { refineTimeRange, timeRangeQuery } from "../../lib/time-range-query";

export const MAX_PAYLOAD_BYTES = 256 * 1024;
/** The raw request may carry the envelope around a maximal payload. */
export const PUBLISH_BODY_LIMIT = MAX_PAYLOAD_BYTES + 4 * 1024;

export const publishEventSchema = z.strictObject({
  tenant_id: z.string().min(1).max(64),
  type: z.string().min(1).max(128),
  data: z.record(z.string(), z.unknown()),
});
export type PublishEventInput = z.output<typeof publishEventSchema>;

export const idempotencyKeySchema = z.string().min(1).max(255).optional();

export const publishedEventResource = z.object({
  id: z.string(),
  type: z.string(),
  tenant_id: z.string(),
  timestamp: z.iso.datetime(),
  matched_endpoints: z.number().int().describe("Endpoints subscribed to this type when the event was accepted."),
});
export type PublishedEvent = z.output<typeof publishedEventResource>;

/** A filter on event types written as endpoints subscribe: an exact name, "prefix.*" or "*". */
export type EventTypeMatch = Exclude<EventTypeFilter, { kind: "invalid" }>;

export const eventTypeFilterQuery = z
  .string()
  .describe('An event type ("invoice.paid"), a prefix wildcard ("invoice.*") or "*".')
  .transform((value, ctx): EventTypeMatch => {
    const filter = parseFilter(value);
    if (filter.kind !== "invalid") return filter;
    ctx.addIssue({ code: "custom", message: filter.reason });
    return z.NEVER;
  });

export const listEventsQuery = z
  .strictObject({ ...pageQuery, type: eventTypeFilterQuery.optional(), ...timeRangeQuery })
  .superRefine(refineTimeRange);
export type ListEventsQuery = z.output<typeof listEventsQuery>;

export type EventSummaryRow = { id: string; type: string; createdAt: Date };
/** The payload is the published `data`, always a JSON object (publishEventSchema). */
export type EventRow = EventSummaryRow & { payload: Record<string, unknown> };

export const eventResource = z.object({ id: z.string(), type: z.string(), created_at: z.iso.datetime() });
export type EventResource = z.output<typeof eventResource>;

/**
 * A list item leaves out `data`: payloads are up to 256 KiB each, so a page of 100 could be 25 MiB.
 * GET /api/v1/events/{id} has the payload.
 */
export function toEventResource(row: EventSummaryRow): EventResource {
  return { id: row.id, type: row.type, created_at: row.createdAt.toISOString() };
}

export function toEventDetailResource<D>(row: EventRow, deliveries: { data: D[]; next_cursor: string | null }) {
  return { ...toEventResource(row), data: row.payload, deliveries: deliveries.data, deliveries_next_cursor: deliveries.next_cursor };
}
