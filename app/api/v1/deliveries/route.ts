import { apiRoute, json } from "@/server/http/api-route";
import { readQuery } from "@/server/http/read-body";
import { listDeliveriesQuery } from "@/server/modules/deliveries/delivery.schemas";
import { listDeliveries } from "@/server/modules/deliveries/delivery.service";

export const GET = apiRoute("tenant", async ({ request, db, principal }) =>
  json(await listDeliveries(db, principal.tenantId, readQuery(request, listDeliveriesQuery))),
);
