import type { ReactNode } from "react";
import { PortalShell } from "@/components/portal/portal-shell";
import { Providers } from "@/components/providers";
import { EmptyState } from "@/components/ui/states";
import { requirePortalView } from "@/server/portal/page-session";
import { TENANT_COOKIE, TENANT_HEADER } from "@/server/trpc/tenant-header";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const view = await requirePortalView();
  return (
    <Providers tenant={{ header: TENANT_HEADER, tenantId: view.current_tenant_id }}>
      <PortalShell view={{ ...view, tenantCookie: TENANT_COOKIE }}>
        {view.current_tenant_id ? (
          children
        ) : (
          <EmptyState title="You are not a member of any tenant yet">Ask an owner of your company&apos;s Hookline tenant to invite you, then sign in again.</EmptyState>
        )}
      </PortalShell>
    </Providers>
  );
}
