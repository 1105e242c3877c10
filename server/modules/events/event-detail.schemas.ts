// GET /api/v1/events/{id}: the event with its payload and its deliveries. Its own file because
// delivery.schemas.ts imports event.schemas.ts (the event-type filter), so the reverse import would
// be a cycle.
import { z } from "zod";
import { deliveryResource } from "../deliveries/delivery.schemas";
import { eventResource } from "./event.schemas";

export const eventDetailResource = eventResource.extend({
  data: z.record(z.string(), z.unknown()).describe("The event's data, as published."),
  deliveries: z.array(deliveryResource).describe("Its deliveries, newest first, at most 100."),
  deliveries_next_cursor: z.string().nullable().describe("More deliveries: GET /api/v1/deliveries?event_id={id}&cursor=…; null when that was all."),
});
export type EventDetail = z.output<typeof eventDetailResource>;
