import { apiRoute, json } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-body";
import { testEventDeps } from "@/server/modules/endpoints/endpoint-deps";
import { sendTestEvent } from "@/server/modules/endpoints/endpoint-test-event.service";
import { sendTestEventSchema } from "@/server/modules/endpoints/endpoint.schemas";

export const POST = apiRoute("tenant", async ({ request, db, principal, params }) => {
  const input = await readJson(request, sendTestEventSchema);
  return json(await sendTestEvent(await testEventDeps(db), principal.tenantId, params.id!, input), 202);
});
