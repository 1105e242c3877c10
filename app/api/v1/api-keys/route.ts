import { apiRoute, json } from "@/server/http/api-route";
import { readJson, readQuery } from "@/server/http/read-body";
import { createApiKeySchema, listApiKeysQuery } from "@/server/modules/api-keys/api-key.schemas";
import { createApiKey, listApiKeys } from "@/server/modules/api-keys/api-key.service";

export const POST = apiRoute("tenant", async ({ request, db, principal }) =>
  json(await createApiKey(db, principal.tenantId, await readJson(request, createApiKeySchema)), 201),
);

export const GET = apiRoute("tenant", async ({ request, db, principal }) =>
  json(await listApiKeys(db, principal.tenantId, readQuery(request, listApiKeysQuery))),
);
