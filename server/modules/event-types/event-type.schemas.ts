import { z } from "zod";
import type { EventType } from "../../db/generated/client";
import { isValidEventTypeName } from "../../delivery/event-type-match";

export const createEventTypeSchema = z.strictObject({
  name: z.string().refine(isValidEventTypeName, "must be lowercase dot-separated segments of a-z, 0-9, _ or -, like invoice.paid"),
  description: z.string().max(1000).default(""),
  schema: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type CreateEventTypeInput = z.output<typeof createEventTypeSchema>;

export const eventTypeResource = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  schema: z.record(z.string(), z.unknown()).nullable().describe("JSON Schema of the event's data, when one was registered."),
  deprecated: z.boolean(),
  created_at: z.iso.datetime(),
});

export function toEventTypeResource(row: EventType): z.output<typeof eventTypeResource> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    // Only ever written from createEventTypeSchema's record.
    schema: (row.schema ?? null) as Record<string, unknown> | null,
    deprecated: row.deprecated,
    created_at: row.createdAt.toISOString(),
  };
}
