import type { Metadata } from "next";
import { EndpointDetail } from "@/components/endpoints/endpoint-detail";
import { db } from "@/server/db/client";
import { getEndpoint } from "@/server/modules/endpoints/endpoint.service";
import { findOrNotFound } from "@/server/portal/page-session";

export const metadata: Metadata = { title: "Endpoint" };

/** Another tenant's (or an unknown) id is the not-found page, before any client query runs. */
export default async function EndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const endpoint = await findOrNotFound((tenantId) => getEndpoint(db(), tenantId, id));
  return <EndpointDetail initial={endpoint} />;
}
