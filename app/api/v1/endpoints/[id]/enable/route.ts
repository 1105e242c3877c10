import { apiRoute, json } from "@/server/http/api-route";
import { enableDeps } from "@/server/modules/endpoints/endpoint-deps";
import { enableEndpoint } from "@/server/modules/endpoints/endpoint-enable.service";

export const POST = apiRoute("tenant", async ({ db, principal, params }) => json(await enableEndpoint(await enableDeps(db), principal.tenantId, params.id!)));
