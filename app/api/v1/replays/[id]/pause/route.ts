import { apiRoute, json } from "@/server/http/api-route";
import { pauseReplay, replayDeps } from "@/server/modules/replays/replay.service";

export const POST = apiRoute("tenant", async ({ db, principal, params }) => json(await pauseReplay(await replayDeps(db), principal.tenantId, params.id!)));
