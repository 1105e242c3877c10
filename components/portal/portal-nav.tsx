"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export const PORTAL_SECTIONS = [
  { href: "/endpoints", label: "Endpoints" },
  { href: "/deliveries", label: "Deliveries" },
  { href: "/events", label: "Events" },
  { href: "/replays", label: "Replays" },
  { href: "/api-keys", label: "API keys" },
] as const;

export function PortalNav({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Portal">
      <ul className="flex flex-col gap-0.5">
        {PORTAL_SECTIONS.map((section) => {
          const active = pathname === section.href || pathname.startsWith(`${section.href}/`);
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                className={`block rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600 ${
                  active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                }`}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
