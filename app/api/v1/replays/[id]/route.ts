import { apiRoute, json } from "@/server/http/api-route";
import { getReplay } from "@/server/modules/replays/replay.service";

export const GET = apiRoute("tenant", async ({ db, principal, params }) => json(await getReplay(db, principal.tenantId, params.id!)));
