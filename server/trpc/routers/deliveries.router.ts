// The portal's deliveries: the same services and schemas as /api/v1/deliveries/**.
import { listDeliveriesQuery } from "../../modules/deliveries/delivery.schemas";
import { getDelivery, listDeliveries } from "../../modules/deliveries/delivery.service";
import { replayDelivery, replayDeps } from "../../modules/replays/replay.service";
import { callService, router, tenantProcedure } from "../init";
import { idInput } from "../inputs";

export const deliveriesRouter = router({
  list: tenantProcedure.input(listDeliveriesQuery).query(({ ctx, input }) => callService(() => listDeliveries(ctx.db, ctx.tenantId, input))),

  /** With its attempt timeline. */
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => callService(() => getDelivery(ctx.db, ctx.tenantId, input.id))),

  /** Sends one settled delivery again, as a replay of one (its progress is the returned replay's). */
  replay: tenantProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => callService(async () => replayDelivery(await replayDeps(ctx.db), ctx.tenantId, input.id))),
});
