// Portal users: global identities that belong to tenants through memberships.
import type { DbClient } from "../../db/client";
import type { MembershipRole } from "../../db/generated/client";
import { AppError } from "../../errors";
import { newId } from "../../lib/ids";
import { hashPassword } from "../../lib/password";
import { usersRepo } from "./user.repo";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUserInTenant(
  db: DbClient,
  tenantId: string,
  input: { email: string; name: string; password: string; role: MembershipRole },
) {
  const repo = usersRepo(db);
  const user = await repo.insert({ id: newId("usr"), email: normalizeEmail(input.email), name: input.name, passwordHash: await hashPassword(input.password) });
  await repo.addMembership(tenantId, user.id, input.role);
  return user;
}

export function findUserByEmail(db: DbClient, email: string) {
  return usersRepo(db).findByEmail(normalizeEmail(email));
}

export type PortalProfile = {
  user: { id: string; email: string; name: string };
  tenants: { id: string; name: string; role: MembershipRole }[];
};

/** The signed-in user and the tenants they may switch between (oldest membership first). */
export async function getPortalProfile(db: DbClient, userId: string): Promise<PortalProfile> {
  const row = await usersRepo(db).findProfile(userId);
  if (!row) throw new AppError("unauthorized", "Your account no longer exists: sign in again.");
  return {
    user: { id: row.id, email: row.email, name: row.name },
    tenants: row.memberships.map((m) => ({ id: m.tenant.id, name: m.tenant.name, role: m.role })),
  };
}
