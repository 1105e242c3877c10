// Operators add users to tenants: a known email gets the membership only (their password and name
// stay as they are); a new one becomes a user with the given password. One transaction, so a refused
// membership never leaves a user behind.
import type { Db } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import { AppError } from "../../errors";
import { tenantsRepo } from "../tenants/tenant.repo";
import type { AddedMember, AddMemberInput } from "./membership-admin.schemas";
import { usersRepo } from "./user.repo";
import { createUserInTenant, findUserByEmail } from "./user.service";

export async function addTenantMember(db: Db, tenantId: string, input: AddMemberInput): Promise<AddedMember> {
  try {
    return await db.$transaction(async (tx) => {
      if (!(await tenantsRepo(tx).find(tenantId))) throw new AppError("not_found", `No tenant with id "${tenantId}" exists.`);
      const existing = await findUserByEmail(tx, input.email);
      if (existing) {
        if (existing.memberships.some((m) => m.tenantId === tenantId)) throw alreadyMember(existing.email, tenantId);
        await usersRepo(tx).addMembership(tenantId, existing.id, input.role);
        return added(existing, tenantId, input, false);
      }
      if (!input.password) throw new AppError("unprocessable", "No user has this email yet: give a password to create one.", [{ field: "password", message: "required for a new user" }]);
      const user = await createUserInTenant(tx, tenantId, { email: input.email, name: input.name ?? "", password: input.password, role: input.role });
      return added(user, tenantId, input, true);
    });
  } catch (error) {
    // A concurrent request created the same user or membership first; a retry sees it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("conflict", `${input.email} was being added by another request at the same time; retry.`);
    throw error;
  }
}

function alreadyMember(email: string, tenantId: string): AppError {
  return new AppError("conflict", `${email} is already a member of tenant ${tenantId}.`);
}

function added(user: { id: string; email: string }, tenantId: string, input: AddMemberInput, createdUser: boolean): AddedMember {
  return { user_id: user.id, email: user.email, tenant_id: tenantId, role: input.role, created_user: createdUser };
}
