import { apiRoute, json } from "@/server/http/api-route";
import { getEvent } from "@/server/modules/events/event-read.service";

export const GET = apiRoute("tenant", async ({ db, principal, params }) => json(await getEvent(db, principal.tenantId, params.id!)));
