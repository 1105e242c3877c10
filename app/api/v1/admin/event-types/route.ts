import { apiRoute, json } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-body";
import { createEventTypeSchema } from "@/server/modules/event-types/event-type.schemas";
import { createEventType } from "@/server/modules/event-types/event-type.service";

export const POST = apiRoute("admin", async ({ request, db }) => json(await createEventType(db, await readJson(request, createEventTypeSchema)), 201));
