import type { Metadata } from "next";
import { ReplayDetail } from "@/components/replays/replay-detail";
import { db } from "@/server/db/client";
import { getReplay } from "@/server/modules/replays/replay.service";
import { findOrNotFound } from "@/server/portal/page-session";

export const metadata: Metadata = { title: "Replay" };

export default async function ReplayPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Another tenant's replay id is the not-found page, like a missing one.
  const replay = await findOrNotFound((tenantId) => getReplay(db(), tenantId, id));
  return <ReplayDetail initial={replay} />;
}
