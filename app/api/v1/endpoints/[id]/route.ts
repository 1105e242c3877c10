import { requireDatabaseUrl } from "@/server/db/client";
import { env } from "@/server/env";
import { apiRoute, json } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-body";
import { webBoss } from "@/server/jobs/boss";
import { updateEndpointSchema } from "@/server/modules/endpoints/endpoint.schemas";
import { deleteEndpoint, endpointPolicy, getEndpoint, updateEndpoint } from "@/server/modules/endpoints/endpoint.service";
import { isolationConfig } from "@/server/modules/isolation/isolation-config";

export const GET = apiRoute("tenant", async ({ db, principal, params }) => json(await getEndpoint(db, principal.tenantId, params.id!)));

export const PATCH = apiRoute("tenant", async ({ request, db, principal, params }) => {
  const input = await readJson(request, updateEndpointSchema);
  const deps = { db, boss: await webBoss(requireDatabaseUrl()), ramp: isolationConfig(env()).ramp, policy: endpointPolicy(env()) };
  return json(await updateEndpoint(deps, principal.tenantId, params.id!, input));
});

export const DELETE = apiRoute("tenant", async ({ db, principal, params }) => {
  await deleteEndpoint(db, principal.tenantId, params.id!);
  return new Response(null, { status: 204 });
});
