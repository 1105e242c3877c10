import { apiRoute, json } from "@/server/http/api-route";
import { getDelivery } from "@/server/modules/deliveries/delivery.service";

export const GET = apiRoute("tenant", async ({ db, principal, params }) => json(await getDelivery(db, principal.tenantId, params.id!)));
