import { apiRoute, json } from "@/server/http/api-route";
import { replayDelivery, replayDeps } from "@/server/modules/replays/replay.service";

export const POST = apiRoute("tenant", async ({ db, principal, params }) =>
  json(await replayDelivery(await replayDeps(db), principal.tenantId, params.id!), 202),
);
