import { env } from "@/server/env";
import { apiRoute, json } from "@/server/http/api-route";
import { getEndpointHealth } from "@/server/modules/endpoints/endpoint-health.service";
import { isolationConfig } from "@/server/modules/isolation/isolation-config";

export const GET = apiRoute("tenant", async ({ db, principal, params }) =>
  json(await getEndpointHealth(db, principal.tenantId, params.id!, isolationConfig(env()).ramp)),
);
