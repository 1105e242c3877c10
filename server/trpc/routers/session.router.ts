// The portal's own session: who is signed in, their tenants, and the one this request acts in (the
// tenant switcher's choice if still valid). A user without any tenant still gets an answer.
import { AppError } from "../../errors";
import { env } from "../../env";
import { getPortalProfile } from "../../modules/users/user.service";
import { callService, router, sessionProcedure } from "../init";
import { portalMember } from "../portal-session";

export const sessionRouter = router({
  me: sessionProcedure.query(({ ctx }) =>
    callService(async () => {
      const [profile, member] = await Promise.all([
        getPortalProfile(ctx.db, ctx.userId),
        portalMember(ctx.db, ctx.headers, env()).catch((error: unknown) => {
          if (error instanceof AppError && error.code === "forbidden") return null;
          throw error;
        }),
      ]);
      return { ...profile, current_tenant_id: member?.tenantId ?? null };
    }),
  ),
});
