// The portal's own session: who is signed in, their tenants, and the one this request acts in (the
// tenant switcher's choice if still valid). A user without any tenant still gets an answer.
import { env } from "../../env";
import { callService, router, sessionProcedure } from "../init";
import { portalView } from "../portal-session";

export const sessionRouter = router({
  me: sessionProcedure.query(({ ctx }) => callService(() => portalView(ctx.db, ctx.headers, env()))),
});
