import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "Endpoints" };

export default function EndpointsPage() {
  return <PageHeader title="Endpoints" description="Where your events are delivered." />;
}
