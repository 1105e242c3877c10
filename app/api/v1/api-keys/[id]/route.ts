import { apiRoute } from "@/server/http/api-route";
import { revokeApiKey } from "@/server/modules/api-keys/api-key.service";

/** Revokes the key (the row stays, with revoked_at); 204 again for an already revoked key. */
export const DELETE = apiRoute("tenant", async ({ db, principal, params }) => {
  await revokeApiKey(db, principal.tenantId, params.id!);
  return new Response(null, { status: 204 });
});
