import { apiRoute, json } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-body";
import { createTenantSchema } from "@/server/modules/tenants/tenant.schemas";
import { createTenant } from "@/server/modules/tenants/tenant.service";

export const POST = apiRoute("admin", async ({ request, db }) => json(await createTenant(db, await readJson(request, createTenantSchema)), 201));
