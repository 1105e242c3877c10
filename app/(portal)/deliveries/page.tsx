import type { Metadata } from "next";
import { DeliveriesExplorer } from "@/components/deliveries/deliveries-explorer";

export const metadata: Metadata = { title: "Deliveries" };

export default function DeliveriesPage() {
  return <DeliveriesExplorer />;
}
