// Portal users: global identities that belong to tenants through memberships.
import type { DbClient } from "../../db/client";
import type { MembershipRole } from "../../db/generated/client";
import { newId } from "../../lib/ids";
import { hashPassword } from "../../lib/password";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUserInTenant(
  db: DbClient,
  tenantId: string,
  input: { email: string; name: string; password: string; role: MembershipRole },
) {
  const user = await db.user.create({
    data: { id: newId("usr"), email: normalizeEmail(input.email), name: input.name, passwordHash: await hashPassword(input.password) },
  });
  await db.membership.create({ data: { tenantId, userId: user.id, role: input.role } });
  return user;
}

export function findUserByEmail(db: DbClient, email: string) {
  return db.user.findUnique({ where: { email: normalizeEmail(email) }, include: { memberships: true } });
}
