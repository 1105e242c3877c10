// The platform's event types, for the portal's endpoint forms (GET /api/v1/event-types).
import { listEventTypes } from "../../modules/event-types/event-type.service";
import { callService, router, tenantProcedure } from "../init";

export const eventTypesRouter = router({
  list: tenantProcedure.query(({ ctx }) => callService(() => listEventTypes(ctx.db))),
});
