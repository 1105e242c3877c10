// Who is calling: a Bearer token resolves to the platform admin, an internal publisher (service
// token) or a tenant (API key). Lookups are cached briefly because every API request needs one. A key
// revoked through this process is refused here at once (forgetApiKey); other web processes keep
// honouring their cached lookup until the short TTL runs out.
import { createHash, timingSafeEqual } from "node:crypto";
import type { DbClient } from "../../db/client";
import { AppError } from "../../errors";
import { TtlCache } from "../../lib/ttl-cache";
import { hashToken } from "../../lib/tokens";
import { createLogger } from "../../logger";
import { apiKeysRepo } from "../api-keys/api-key.repo";
import { serviceTokensRepo } from "../service-tokens/service-token.repo";

export type Principal =
  | { kind: "admin" }
  | { kind: "service"; tokenId: string }
  | { kind: "tenant"; tenantId: string; apiKeyId: string };
export type PrincipalKind = Principal["kind"];

const LOOKUP_TTL_MS = 10_000;
const LAST_USED_EVERY_MS = 60_000;
const log = createLogger("access");
const serviceTokens = new TtlCache<Principal & { kind: "service" }>(LOOKUP_TTL_MS);
const apiKeys = new TtlCache<Principal & { kind: "tenant" }>(LOOKUP_TTL_MS);
const lastUsedWritten = new TtlCache<true>(LAST_USED_EVERY_MS);
// Hashes revoked by this process. A mark rather than an eviction: a lookup that was in flight during
// the revoke may still cache its now-stale answer afterwards, and the mark outranks it. It outlives
// any such entry (twice the lookup TTL), after which the database answers "revoked" itself.
const revokedApiKeys = new TtlCache<true>(2 * LOOKUP_TTL_MS);

export function bearerToken(authorization: string | null): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}

export async function authenticate<K extends PrincipalKind>(
  db: DbClient,
  token: string | undefined,
  kind: K,
  adminToken: string | undefined,
): Promise<Extract<Principal, { kind: K }>> {
  if (!token) throw unauthorized("Missing Authorization: Bearer <token> header.");
  const principal = await resolve(db, token, kind, adminToken);
  if (!principal) throw unauthorized(`Unknown or revoked ${DESCRIBE[kind]}.`);
  return principal as Extract<Principal, { kind: K }>;
}

const DESCRIBE: Record<PrincipalKind, string> = {
  admin: "admin token (ADMIN_API_TOKEN)",
  service: "service token",
  tenant: "API key",
};

async function resolve(db: DbClient, token: string, kind: PrincipalKind, adminToken: string | undefined): Promise<Principal | null> {
  if (kind === "admin") return adminToken && sameSecret(token, adminToken) ? { kind: "admin" } : null;
  const hash = hashToken(token);
  const now = Date.now();
  if (kind === "service") {
    const cached = serviceTokens.get(hash, now);
    if (cached) return cached;
    const row = await serviceTokensRepo(db).findActiveByHash(hash);
    if (!row) return null;
    const principal = { kind: "service" as const, tokenId: row.id };
    serviceTokens.set(hash, principal, now);
    return principal;
  }
  if (revokedApiKeys.get(hash, now)) return null;
  const cached = apiKeys.get(hash, now) ?? (await lookUpApiKey(db, hash, now));
  if (cached) touchApiKey(db, cached, now);
  return cached ?? null;
}

async function lookUpApiKey(db: DbClient, hash: string, now: number) {
  const row = await apiKeysRepo(db).findActiveByHash(hash);
  if (!row) return undefined;
  const principal = { kind: "tenant" as const, tenantId: row.tenantId, apiKeyId: row.id };
  apiKeys.set(hash, principal, now);
  return principal;
}

/** Records "last used" at most once a minute per key, off the request's critical path. */
function touchApiKey(db: DbClient, principal: { tenantId: string; apiKeyId: string }, now: number): void {
  if (lastUsedWritten.get(principal.apiKeyId, now)) return;
  lastUsedWritten.set(principal.apiKeyId, true, now);
  apiKeysRepo(db)
    .touchLastUsed(principal.tenantId, principal.apiKeyId)
    .catch((error: unknown) => log.warn({ err: error, apiKeyId: principal.apiKeyId }, "could not record API key use"));
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function unauthorized(message: string): AppError {
  return new AppError("unauthorized", message);
}

/** Called once an API key's revocation has committed: from now on this process refuses it. */
export function forgetApiKey(keyHash: string): void {
  revokedApiKeys.set(keyHash, true, Date.now());
}

/** Forget cached lookups (tests that revoke a token and expect 401 at once). */
export function clearAccessCaches(): void {
  serviceTokens.clear();
  apiKeys.clear();
}
