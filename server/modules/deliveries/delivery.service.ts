// Reading deliveries: the list with filters, and one delivery with its attempt timeline.
import type { DbClient } from "../../db/client";
import { notFound } from "../../errors";
import { toPage } from "../../lib/pagination";
import { deliveriesRepo } from "./delivery.repo";
import { type DeliveryDetail, type ListDeliveriesQuery, toAttemptResource, toDeliveryResource } from "./delivery.schemas";

export async function listDeliveries(db: DbClient, tenantId: string, query: ListDeliveriesQuery) {
  return toPage(await deliveriesRepo(db).list(tenantId, query), query.limit, toDeliveryResource);
}

export async function getDelivery(db: DbClient, tenantId: string, id: string): Promise<DeliveryDetail> {
  const repo = deliveriesRepo(db);
  const row = await repo.find(tenantId, id);
  if (!row) throw notFound("delivery", id);
  const attempts = await repo.attempts(tenantId, id);
  return { ...toDeliveryResource(row), attempts: attempts.map(toAttemptResource) };
}
