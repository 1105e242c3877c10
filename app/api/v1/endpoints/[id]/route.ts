import { apiRoute, json } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-body";
import { updateDeps } from "@/server/modules/endpoints/endpoint-deps";
import { updateEndpointSchema } from "@/server/modules/endpoints/endpoint.schemas";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/server/modules/endpoints/endpoint.service";

export const GET = apiRoute("tenant", async ({ db, principal, params }) => json(await getEndpoint(db, principal.tenantId, params.id!)));

export const PATCH = apiRoute("tenant", async ({ request, db, principal, params }) => {
  const input = await readJson(request, updateEndpointSchema);
  return json(await updateEndpoint(await updateDeps(db), principal.tenantId, params.id!, input));
});

export const DELETE = apiRoute("tenant", async ({ db, principal, params }) => {
  await deleteEndpoint(db, principal.tenantId, params.id!);
  return new Response(null, { status: 204 });
});
