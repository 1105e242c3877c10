import { env } from "@/server/env";
import { apiRoute, json } from "@/server/http/api-route";
import { readJson, readQuery } from "@/server/http/read-body";
import { createEndpointSchema, listEndpointsQuery } from "@/server/modules/endpoints/endpoint.schemas";
import { createEndpoint, endpointPolicy, listEndpoints } from "@/server/modules/endpoints/endpoint.service";

export const POST = apiRoute("tenant", async ({ request, db, principal }) =>
  json(await createEndpoint(db, principal.tenantId, await readJson(request, createEndpointSchema), endpointPolicy(env())), 201),
);

export const GET = apiRoute("tenant", async ({ request, db, principal }) =>
  json(await listEndpoints(db, principal.tenantId, readQuery(request, listEndpointsQuery))),
);
