import type { Metadata } from "next";
import { ApiKeysView } from "@/components/api-keys/api-keys-view";
import { PageHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "API keys" };

export default function ApiKeysPage() {
  return (
    <>
      <PageHeader title="API keys" description="Keys your services use to call the Hookline REST API for this tenant." />
      <ApiKeysView />
    </>
  );
}
