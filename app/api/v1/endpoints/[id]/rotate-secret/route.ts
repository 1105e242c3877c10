import { apiRoute, json } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-body";
import { rotateEndpointSecret } from "@/server/modules/endpoints/endpoint-secret.service";
import { rotateSecretSchema } from "@/server/modules/endpoints/endpoint.schemas";

export const POST = apiRoute("tenant", async ({ request, db, principal, params }) =>
  json(await rotateEndpointSecret(db, principal.tenantId, params.id!, await readJson(request, rotateSecretSchema))),
);
