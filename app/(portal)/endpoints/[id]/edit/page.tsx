import type { Metadata } from "next";
import { EditEndpoint } from "@/components/endpoints/edit-endpoint";
import { db } from "@/server/db/client";
import { getEndpoint } from "@/server/modules/endpoints/endpoint.service";
import { findOrNotFound } from "@/server/portal/page-session";

export const metadata: Metadata = { title: "Edit endpoint" };

export default async function EditEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const endpoint = await findOrNotFound((tenantId) => getEndpoint(db(), tenantId, id));
  return <EditEndpoint endpoint={endpoint} />;
}
