import { apiRoute, json } from "@/server/http/api-route";
import { listEventTypes } from "@/server/modules/event-types/event-type.service";

export const GET = apiRoute("tenant", async ({ db }) => json(await listEventTypes(db)));
