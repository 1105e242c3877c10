import { apiRoute, json } from "@/server/http/api-route";
import { deleteEndpoint, getEndpoint } from "@/server/modules/endpoints/endpoint.service";

export const GET = apiRoute("tenant", async ({ db, principal, params }) => json(await getEndpoint(db, principal.tenantId, params.id!)));

export const DELETE = apiRoute("tenant", async ({ db, principal, params }) => {
  await deleteEndpoint(db, principal.tenantId, params.id!);
  return new Response(null, { status: 204 });
});
