import type { Metadata } from "next";
import { DeliveryDetailView } from "@/components/deliveries/delivery-detail";
import { db } from "@/server/db/client";
import { getDelivery } from "@/server/modules/deliveries/delivery.service";
import { findOrNotFound } from "@/server/portal/page-session";

export const metadata: Metadata = { title: "Delivery" };

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const delivery = await findOrNotFound((tenantId) => getDelivery(db(), tenantId, id));
  return <DeliveryDetailView id={id} initial={delivery} />;
}
