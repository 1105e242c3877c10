// Portal users: global identities that belong to tenants through memberships.
import type { DbClient } from "../../db/client";
import type { MembershipRole } from "../../db/generated/client";
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
