// Reading events: the filtered list (without payloads) and one event with its payload and deliveries.
import type { DbClient } from "../../db/client";
import { notFound } from "../../errors";
import { MAX_PAGE_SIZE, toPage } from "../../lib/pagination";
import { listDeliveries } from "../deliveries/delivery.service";
import type { EventDetail } from "./event-detail.schemas";
import { eventsRepo } from "./event.repo";
import { type ListEventsQuery, toEventDetailResource, toEventResource } from "./event.schemas";

export async function listEvents(db: DbClient, tenantId: string, query: ListEventsQuery) {
  return toPage(await eventsRepo(db).list(tenantId, query), query.limit, toEventResource);
}

/**
 * An event fans out to every subscribed endpoint, so its deliveries are bounded to one page (newest
 * first); `deliveries_next_cursor` continues with GET /api/v1/deliveries?event_id=…&cursor=….
 */
export async function getEvent(db: DbClient, tenantId: string, id: string): Promise<EventDetail> {
  const row = await eventsRepo(db).find(tenantId, id);
  if (!row) throw notFound("event", id);
  return toEventDetailResource(row, await listDeliveries(db, tenantId, { event_id: id, limit: MAX_PAGE_SIZE, cursor: undefined }));
}
