import { apiRoute, json } from "@/server/http/api-route";
import { readJson, readQuery } from "@/server/http/read-body";
import { createReplaySchema, listReplaysQuery } from "@/server/modules/replays/replay.schemas";
import { createReplay, listReplays, replayDeps } from "@/server/modules/replays/replay.service";

export const POST = apiRoute("tenant", async ({ request, db, principal }) =>
  json(await createReplay(await replayDeps(db), principal.tenantId, await readJson(request, createReplaySchema)), 202),
);

export const GET = apiRoute("tenant", async ({ request, db, principal }) =>
  json(await listReplays(db, principal.tenantId, readQuery(request, listReplaysQuery))),
);
