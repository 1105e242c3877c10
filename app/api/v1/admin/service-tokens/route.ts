import { apiRoute, json } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-body";
import { createServiceTokenSchema } from "@/server/modules/service-tokens/service-token.schemas";
import { createServiceToken } from "@/server/modules/service-tokens/service-token.service";

export const POST = apiRoute("admin", async ({ request, db }) =>
  json(await createServiceToken(db, await readJson(request, createServiceTokenSchema)), 201),
);
