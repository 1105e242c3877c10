import { apiRoute, json } from "@/server/http/api-route";
import { cancelReplay, replayDeps } from "@/server/modules/replays/replay.service";

export const POST = apiRoute("tenant", async ({ db, principal, params }) => json(await cancelReplay(await replayDeps(db), principal.tenantId, params.id!)));
