"use client";
// Switching tenant stores the choice in a cookie the server checks against the user's memberships on
// every request, then drops every cached query (they belong to the old tenant) and reloads the page data.
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { inputClass } from "../ui/field";

type Tenant = { id: string; name: string; role: string };

/** `cookieName` comes from the server (server/trpc/tenant-header.ts), which reads the cookie. */
export function TenantSwitcher({ tenants, currentId, cookieName }: { tenants: Tenant[]; currentId: string | null; cookieName: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const current = tenants.find((t) => t.id === currentId);
  if (tenants.length < 2) return <p className="truncate px-1 text-sm font-medium text-slate-900">{current?.name ?? "No tenant"}</p>;

  function switchTo(tenantId: string) {
    document.cookie = `${cookieName}=${encodeURIComponent(tenantId)}; path=/; max-age=${365 * 86_400}; samesite=lax`;
    queryClient.clear();
    router.push("/endpoints");
    router.refresh();
  }

  return (
    <div>
      <label htmlFor="tenant-switcher" className="block px-1 text-xs font-medium uppercase tracking-wide text-slate-500">
        Tenant
      </label>
      <select id="tenant-switcher" value={currentId ?? ""} onChange={(event) => switchTo(event.target.value)} className={`${inputClass} mt-1`}>
        {tenants.map((tenant) => (
          <option key={tenant.id} value={tenant.id}>
            {tenant.name}
          </option>
        ))}
      </select>
    </div>
  );
}
