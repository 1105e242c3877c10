import { AppError } from "@/server/errors";
import { apiRoute, json } from "@/server/http/api-route";
import { readJson, readQuery } from "@/server/http/read-body";
import { publishEvent } from "@/server/modules/events/event-publish.service";
import { listEvents } from "@/server/modules/events/event-read.service";
import { idempotencyKeySchema, listEventsQuery, PUBLISH_BODY_LIMIT, publishEventSchema } from "@/server/modules/events/event.schemas";
import { publishDeps } from "@/server/modules/events/publish-deps";

export const POST = apiRoute("service", async ({ request }) => {
  const key = idempotencyKeySchema.safeParse(request.headers.get("idempotency-key") ?? undefined);
  if (!key.success) throw new AppError("invalid_request", "Idempotency-Key must be 1–255 characters.", [{ field: "Idempotency-Key", message: "1–255 characters" }]);
  const input = await readJson(request, publishEventSchema, PUBLISH_BODY_LIMIT);
  const result = await publishEvent(await publishDeps(), input, key.data);
  return json(result.event, 202, { ...result.rateLimit, ...(result.replayed ? { "idempotent-replayed": "true" } : {}) });
});

export const GET = apiRoute("tenant", async ({ request, db, principal }) =>
  json(await listEvents(db, principal.tenantId, readQuery(request, listEventsQuery))),
);
