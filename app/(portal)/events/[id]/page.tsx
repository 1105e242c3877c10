import type { Metadata } from "next";
import { EventDetailView } from "@/components/events/event-detail";
import { db } from "@/server/db/client";
import { getEvent } from "@/server/modules/events/event-read.service";
import { findOrNotFound } from "@/server/portal/page-session";

export const metadata: Metadata = { title: "Event" };

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const event = await findOrNotFound((tenantId) => getEvent(db(), tenantId, id));
  return <EventDetailView id={id} initial={event} />;
}
