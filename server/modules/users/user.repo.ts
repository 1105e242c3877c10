import type { DbClient } from "../../db/client";
import type { MembershipRole } from "../../db/generated/client";

export type NewUser = { id: string; email: string; name: string; passwordHash: string | null };

export function usersRepo(db: DbClient) {
  return {
    insert: (user: NewUser) => db.user.create({ data: user }),
    /** Users are global (one login, many tenants); memberships oldest first so the landing tenant is stable. */
    findByEmail: (email: string) =>
      db.user.findUnique({ where: { email }, include: { memberships: { orderBy: { createdAt: "asc" } } } }),
    addMembership: (tenantId: string, userId: string, role: MembershipRole) => db.membership.create({ data: { tenantId, userId, role } }),
    /** A user's own view: their profile and tenants (user-scoped: the tenant is what is being listed). */
    findProfile: (userId: string) =>
      db.user.findUnique({
        where: { id: userId },
        select: { id: true, email: true, name: true, memberships: { orderBy: { createdAt: "asc" }, select: { role: true, tenant: { select: { id: true, name: true } } } } },
      }),
    findMembership: (tenantId: string, userId: string) => db.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } } }),
  };
}
