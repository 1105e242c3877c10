import type { Metadata } from "next";
import { NewEndpoint } from "@/components/endpoints/new-endpoint";

export const metadata: Metadata = { title: "Add endpoint" };

export default function NewEndpointPage() {
  return <NewEndpoint />;
}
