import { publishEvent } from "../../modules/events/event-publish.service";
import { idempotencyKeySchema, publishEventSchema } from "../../modules/events/event.schemas";
import { publishDeps } from "../../modules/events/publish-deps";
import { callService, router, tokenProcedure } from "../init";

const publishInput = publishEventSchema.extend({ idempotency_key: idempotencyKeySchema });

export const eventsRouter = router({
  /** Internal publishers: the same service as POST /api/v1/events. */
  publish: tokenProcedure("service")
    .input(publishInput)
    .mutation(({ input: { idempotency_key, ...input } }) =>
      callService(async () => (await publishEvent(await publishDeps(), input, idempotency_key)).event),
    ),
});
