// POST /api/v1/admin/tenants/{id}/members: an operator puts a user into a tenant, creating the user
// when the email is new (the portal's invitation until there is a self-service one).
import { z } from "zod";
import { MembershipRole } from "../../db/generated/enums";

export const PASSWORD_MIN_LENGTH = 10;

export const addMemberSchema = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().max(200).optional().describe("For a new user; an existing user keeps theirs."),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH)
    .max(200)
    .optional()
    .describe(`Required when no user has this email (at least ${PASSWORD_MIN_LENGTH} characters); ignored for an existing user, whose password stays.`),
  role: z.enum(MembershipRole).default("member"),
});
export type AddMemberInput = z.output<typeof addMemberSchema>;

export const addedMemberResource = z.object({
  user_id: z.string(),
  email: z.string(),
  tenant_id: z.string(),
  role: z.enum(MembershipRole),
  created_user: z.boolean().describe("True when this request created the user."),
});
export type AddedMember = z.output<typeof addedMemberResource>;
