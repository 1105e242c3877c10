// Test events (POST /api/v1/endpoints/{id}/test): a real event of a registered type with an example
// payload, sent to this one endpoint through the normal pipeline. The event row, its one delivery and
// the deliver job commit in one transaction (pg-boss joins it), so nothing is lost; no fan-out job is
// enqueued, so no other endpoint receives it. It is listed with the tenant's other events.
import { fromPrisma, type PgBoss } from "pg-boss";
import type { Db, DbClient } from "../../db/client";
import type { EventType } from "../../db/generated/client";
import { matchesEventType } from "../../delivery/event-type-match";
import { AppError, notFound } from "../../errors";
import { deliverJob, QUEUE } from "../../jobs/queues";
import { newId } from "../../lib/ids";
import { insertDeliveries } from "../deliveries/fan-out.repo";
import { eventTypesRepo } from "../event-types/event-type.repo";
import { insertEvents } from "../events/event-commit.repo";
import { endpointsRepo } from "./endpoint.repo";
import { invalidField } from "./endpoint.service";
import { type SendTestEventInput, toTestEventSent } from "./endpoint.schemas";

export type TestEventDeps = { db: Db; boss: PgBoss };

/** The payload when the event type's JSON schema has no object in `examples`. */
export const DEFAULT_TEST_DATA = { test: true, message: "Test event from Hookline" };

/**
 * A paced endpoint's test delivery is not booked to a rate slot here: the claim books it (deferring it
 * once if its slot is ahead), as for any unbooked delivery.
 */
export async function sendTestEvent(deps: TestEventDeps, tenantId: string, endpointId: string, input: SendTestEventInput) {
  return deps.db.$transaction(async (tx) => {
    const target = await endpointsRepo(tx).deliveryTarget(tenantId, endpointId);
    if (!target) throw notFound("endpoint", endpointId);
    if (!target.enabled)
      throw new AppError("conflict", `Endpoint "${endpointId}" is disabled: enable it first (POST /api/v1/endpoints/${endpointId}/enable), then send the test event.`);
    const type = await chooseEventType(tx, target.eventTypes, input.type);
    const now = Date.now();
    const event = { tenantId, id: newId("evt", now), type: type.name, payload: JSON.stringify(exampleData(type)), idempotencyKey: null, createdAt: new Date(now) };
    const sql = fromPrisma(tx);
    await insertEvents(sql, [event]);
    const [delivery] = await insertDeliveries(sql, [{ tenantId, id: newId("dlv", now), eventId: event.id, endpointId, held: false }]);
    await deps.boss.insert(QUEUE.deliver, [deliverJob(delivery!, "initial", { concurrency: target.concurrency })], { db: sql });
    return toTestEventSent(event.id, delivery!.id);
  });
}

/** The requested type (registered, and matched by the endpoint's filters), or the first such by name. */
async function chooseEventType(db: DbClient, filters: string[], requested: string | undefined): Promise<EventType> {
  const types = await eventTypesRepo(db).list();
  const subscribed = (type: EventType) => matchesEventType(filters, type.name);
  if (requested !== undefined) {
    const type = types.find((t) => t.name === requested);
    if (!type) throw invalidField("type", `"${requested}" is not a registered event type (GET /api/v1/event-types lists them)`);
    if (!subscribed(type)) throw invalidField("type", `"${requested}" does not match this endpoint's event_types (${filters.join(", ")})`);
    return type;
  }
  const chosen = types.find((t) => subscribed(t) && !t.deprecated) ?? types.find(subscribed);
  if (chosen) return chosen;
  const message = `no registered event type matches this endpoint's event_types (${filters.join(", ")})`;
  throw new AppError("unprocessable", `Cannot choose a test event type: ${message}. Subscribe the endpoint to a registered type (PATCH event_types); GET /api/v1/event-types lists them.`, [
    { field: "type", message },
  ]);
}

/** The type's JSON schema `examples[0]` when it is an object (event data always is), else a small default. */
function exampleData(type: EventType): unknown {
  const examples = (type.schema as { examples?: unknown } | null)?.examples;
  const first: unknown = Array.isArray(examples) ? examples[0] : undefined;
  return first !== null && typeof first === "object" && !Array.isArray(first) ? first : DEFAULT_TEST_DATA;
}
