// Server components' view of the portal session: the same cookie and membership rules as the tRPC
// procedures (portal-session.ts), with Next's answers: no session → the sign-in page, another tenant's
// (or a missing) resource → the not-found page.
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import type { Member } from "../modules/users/membership.service";
import { portalMember, portalView, type PortalView } from "../trpc/portal-session";

async function orSignIn<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // With ?error the sign-in page does not bounce a (stale) session back here: no redirect loop.
    if (error instanceof AppError && error.code === "unauthorized") redirect("/signin?error=SessionRequired");
    throw error;
  }
}

export async function requirePortalView(): Promise<PortalView> {
  const requestHeaders = await headers();
  return orSignIn(() => portalView(db(), requestHeaders, env()));
}

export async function requirePageMember(): Promise<Member> {
  const requestHeaders = await headers();
  return orSignIn(() => portalMember(db(), requestHeaders, env()));
}

/** Runs a tenant-scoped read for a page; not found (including another tenant's id) → the 404 page. */
export async function findOrNotFound<T>(read: (tenantId: string) => Promise<T>): Promise<T> {
  const member = await requirePageMember();
  try {
    return await read(member.tenantId);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
