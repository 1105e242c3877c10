import { publishEvent } from "../../modules/events/event-publish.service";
import { getEvent, listEvents } from "../../modules/events/event-read.service";
import { idempotencyKeySchema, listEventsQuery, publishEventSchema } from "../../modules/events/event.schemas";
import { publishDeps } from "../../modules/events/publish-deps";
import { callService, router, tenantProcedure, tokenProcedure } from "../init";
import { idInput } from "../inputs";

const publishInput = publishEventSchema.extend({ idempotency_key: idempotencyKeySchema });

export const eventsRouter = router({
  /** Internal publishers: the same service as POST /api/v1/events. */
  publish: tokenProcedure("service")
    .input(publishInput)
    .mutation(({ input: { idempotency_key, ...input } }) =>
      callService(async () => (await publishEvent(await publishDeps(), input, idempotency_key)).event),
    ),

  /** The portal: the tenant's events (without payloads), as GET /api/v1/events. */
  list: tenantProcedure.input(listEventsQuery).query(({ ctx, input }) => callService(() => listEvents(ctx.db, ctx.tenantId, input))),

  /** One event with its payload and its first page of deliveries. */
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => callService(() => getEvent(ctx.db, ctx.tenantId, input.id))),
});
