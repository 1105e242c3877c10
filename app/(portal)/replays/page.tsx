import type { Metadata } from "next";
import { ReplaysList } from "@/components/replays/replays-list";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "Replays" };

export default function ReplaysPage() {
  return (
    <>
      <PageHeader title="Replays" description="Deliveries sent again at a drip rate, newest first." actions={<LinkButton href="/replays/new">New replay</LinkButton>} />
      <ReplaysList />
    </>
  );
}
