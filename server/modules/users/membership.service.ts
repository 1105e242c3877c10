// Whether a portal user may act in a tenant. Every portal request asks, so a "yes" is cached briefly
// (a removed membership stops working within the TTL); a "no" is not cached, so a new membership
// works at once.
import type { DbClient } from "../../db/client";
import type { MembershipRole } from "../../db/generated/client";
import { AppError } from "../../errors";
import { TtlCache } from "../../lib/ttl-cache";
import { usersRepo } from "./user.repo";

const MEMBERSHIP_TTL_MS = 10_000;
const roles = new TtlCache<MembershipRole>(MEMBERSHIP_TTL_MS);

export type Member = { tenantId: string; userId: string; role: MembershipRole };

export async function requireMembership(db: DbClient, tenantId: string, userId: string): Promise<Member> {
  const key = `${tenantId}\n${userId}`;
  const now = Date.now();
  const role = roles.get(key, now) ?? (await lookUpRole(db, tenantId, userId, key, now));
  if (!role) throw new AppError("forbidden", "You are not a member of this tenant.");
  return { tenantId, userId, role };
}

/** Cached from the lookup's time only: a hit never extends the entry, so the TTL bounds staleness. */
async function lookUpRole(db: DbClient, tenantId: string, userId: string, key: string, now: number) {
  const role = (await usersRepo(db).findMembership(tenantId, userId))?.role;
  if (role) roles.set(key, role, now);
  return role;
}
