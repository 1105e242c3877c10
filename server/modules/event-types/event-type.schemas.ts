import { z } from "zod";
import type { EventType } from "../../db/generated/client";
import { isValidEventTypeName } from "../../delivery/event-type-match";

export const createEventTypeSchema = z.strictObject({
  name: z.string().refine(isValidEventTypeName, "must be lowercase dot-separated segments of a-z, 0-9, _ or -, like invoice.paid"),
  description: z.string().max(1000).default(""),
  schema: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type CreateEventTypeInput = z.output<typeof createEventTypeSchema>;

export function toEventTypeResource(row: EventType) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    schema: row.schema ?? null,
    deprecated: row.deprecated,
    created_at: row.createdAt.toISOString(),
  };
}
