"use client";
// The signed-in frame: a sidebar on wide screens, a collapsible menu on small ones, the tenant switcher
// and the user's identity with sign-out. A skip link lets keyboard users jump straight to the content.
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Logo } from "../logo";
import { SignOutButton } from "../sign-out-button";
import { PortalNav } from "./portal-nav";
import { TenantSwitcher } from "./tenant-switcher";

type View = { tenantCookie: string; user: { email: string; name: string }; tenants: { id: string; name: string; role: string }[]; current_tenant_id: string | null };

export function PortalShell({ view, children }: { view: View; children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const sidebar = (
    <div className="flex flex-1 flex-col gap-6">
      <TenantSwitcher tenants={view.tenants} currentId={view.current_tenant_id} cookieName={view.tenantCookie} />
      <PortalNav onNavigate={() => setMenuOpen(false)} />
      <div className="mt-auto border-t border-slate-200 pt-4 text-sm">
        <p className="truncate text-slate-600" title={view.user.email}>
          Signed in as {view.user.email}
        </p>
        <div className="mt-2">
          <SignOutButton />
        </div>
      </div>
    </div>
  );
  return (
    <div className="min-h-screen lg:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 lg:hidden">
        <Link href="/endpoints" aria-label="Hookline home">
          <Logo />
        </Link>
        <button
          type="button"
          aria-expanded={menuOpen}
          aria-controls="portal-menu"
          onClick={() => setMenuOpen((open) => !open)}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          Menu
        </button>
      </header>
      <aside
        id="portal-menu"
        className={`${menuOpen ? "block" : "hidden"} border-b border-slate-200 bg-white lg:block lg:w-60 lg:shrink-0 lg:border-b-0 lg:border-r`}
      >
        {/* The column stretches with the page; its content stays in view while the page scrolls. */}
        <div className="flex flex-col px-4 py-4 lg:sticky lg:top-0 lg:h-screen lg:overflow-y-auto">
          <Link href="/endpoints" aria-label="Hookline home" className="mb-6 hidden lg:block">
            <Logo />
          </Link>
          {sidebar}
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-8 lg:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
