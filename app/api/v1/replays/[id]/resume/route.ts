import { apiRoute, json } from "@/server/http/api-route";
import { resumeReplay, replayDeps } from "@/server/modules/replays/replay.service";

export const POST = apiRoute("tenant", async ({ db, principal, params }) => json(await resumeReplay(await replayDeps(db), principal.tenantId, params.id!)));
