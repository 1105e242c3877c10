import { env } from "@/server/env";
import { apiRoute, json } from "@/server/http/api-route";
import { readJson, readQuery } from "@/server/http/read-body";
import { createEndpointSchema, listEndpointsQuery } from "@/server/modules/endpoints/endpoint.schemas";
import { createEndpoint, listEndpoints } from "@/server/modules/endpoints/endpoint.service";

export const POST = apiRoute("tenant", async ({ request, db, principal }) => {
  const policy = { allowPrivateTargets: env().HOOKLINE_ALLOW_PRIVATE_TARGETS, defaultTimeoutMs: env().DELIVERY_TIMEOUT_MS };
  return json(await createEndpoint(db, principal.tenantId, await readJson(request, createEndpointSchema), policy), 201);
});

export const GET = apiRoute("tenant", async ({ request, db, principal }) =>
  json(await listEndpoints(db, principal.tenantId, readQuery(request, listEndpointsQuery))),
);
