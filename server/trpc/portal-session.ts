// Who is calling the portal's procedures: next-auth's JWT session cookie, decrypted with
// NEXTAUTH_SECRET, then the tenant they act in, checked against their memberships. Cookies come from
// the Cookie header itself, so this works in Next route handlers, createCaller and tests alike.
import { getToken, type GetTokenParams } from "next-auth/jwt";
import type { DbClient } from "../db/client";
import type { Env } from "../env";
import { AppError } from "../errors";
import { type Member, requireMembership } from "../modules/users/membership.service";
import { getPortalProfile, type PortalProfile } from "../modules/users/user.service";
import { TENANT_COOKIE, TENANT_HEADER } from "./tenant-header";

export type PortalSession = { userId: string; tenantId: string | null };

type SessionConfig = Pick<Env, "NEXTAUTH_SECRET" | "NEXTAUTH_URL">;

/**
 * The signed-in user and the tenant they act in: the header's (strict: not a member → FORBIDDEN), else
 * the tenant switcher's cookie if they are still a member of it, else the session's landing tenant.
 */
export async function portalMember(db: DbClient, headers: Headers, config: SessionConfig): Promise<Member> {
  const session = await requirePortalSession(headers, config);
  const named = headers.get(TENANT_HEADER);
  if (named) return requireMembership(db, named, session.userId);
  const preferred = parseCookies(headers.get("cookie")).get(TENANT_COOKIE);
  if (preferred && preferred !== session.tenantId) {
    const member = await requireMembership(db, preferred, session.userId).catch(unlessForbidden);
    if (member) return member;
  }
  if (!session.tenantId) throw new AppError("forbidden", "You are not a member of any tenant yet: ask an owner of your company's tenant to invite you.");
  return requireMembership(db, session.tenantId, session.userId);
}

export type PortalView = PortalProfile & { current_tenant_id: string | null };

/** Who is signed in, their tenants, and the one they act in now (null: member of none). */
export async function portalView(db: DbClient, headers: Headers, config: SessionConfig): Promise<PortalView> {
  const session = await requirePortalSession(headers, config);
  const [profile, member] = await Promise.all([
    getPortalProfile(db, session.userId),
    portalMember(db, headers, config).catch(unlessForbidden),
  ]);
  return { ...profile, current_tenant_id: member?.tenantId ?? null };
}

/** "Not a member" becomes null; anything else (a database error) still fails the request. */
function unlessForbidden(error: unknown): null {
  if (error instanceof AppError && error.code === "forbidden") return null;
  throw error;
}

export async function requirePortalSession(headers: Headers, config: SessionConfig): Promise<PortalSession> {
  const session = await readPortalSession(headers, config);
  if (!session) throw new AppError("unauthorized", "Sign in to the portal: no valid session cookie.");
  return session;
}

export async function readPortalSession(headers: Headers, config: SessionConfig): Promise<PortalSession | null> {
  if (!config.NEXTAUTH_SECRET) throw new Error("NEXTAUTH_SECRET is not set: portal sessions cannot be read.");
  // getToken reads only req.cookies (a Map will do), else an Authorization: Bearer header; the empty
  // headers keep API keys, which are Bearer tokens too, from being tried as sessions.
  const req = { cookies: parseCookies(headers.get("cookie")), headers: {} } as unknown as GetTokenParams["req"];
  for (const secureCookie of cookieKinds(config.NEXTAUTH_URL)) {
    const token = await getToken({ req, secret: config.NEXTAUTH_SECRET, secureCookie });
    if (token) return typeof token.sub === "string" ? { userId: token.sub, tenantId: typeof token.tenantId === "string" ? token.tenantId : null } : null;
  }
  return null;
}

/**
 * next-auth names the cookie after NEXTAUTH_URL's scheme (`__Secure-` prefix on https). Unset, either
 * may be in use, and the secure one is tried first: a browser only keeps it when it came over https.
 */
function cookieKinds(portalUrl: string | undefined): boolean[] {
  if (!portalUrl) return [true, false];
  return [portalUrl.startsWith("https://")];
}

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) cookies.set(part.slice(0, at).trim(), decodeCookieValue(part.slice(at + 1).trim()));
  }
  return cookies;
}

function decodeCookieValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
