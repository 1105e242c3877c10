import { requireDatabaseUrl } from "@/server/db/client";
import { env } from "@/server/env";
import { apiRoute, json } from "@/server/http/api-route";
import { webBoss } from "@/server/jobs/boss";
import { enableEndpoint } from "@/server/modules/endpoints/endpoint-enable.service";
import { isolationConfig } from "@/server/modules/isolation/isolation-config";

export const POST = apiRoute("tenant", async ({ db, principal, params }) => {
  const deps = { db, boss: await webBoss(requireDatabaseUrl()), ramp: isolationConfig(env()).ramp };
  return json(await enableEndpoint(deps, principal.tenantId, params.id!));
});
