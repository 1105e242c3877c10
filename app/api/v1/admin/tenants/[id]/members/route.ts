import { apiRoute, json } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-body";
import { addMemberSchema } from "@/server/modules/users/membership-admin.schemas";
import { addTenantMember } from "@/server/modules/users/membership-admin.service";

export const POST = apiRoute("admin", async ({ request, db, params }) =>
  json(await addTenantMember(db, params.id!, await readJson(request, addMemberSchema)), 201),
);
