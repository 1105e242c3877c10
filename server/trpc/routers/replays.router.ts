// The portal's replays: the same services and schemas as /api/v1/replays/**, plus a preview that
// counts what a filter matches before the customer starts one.
import { createReplaySchema, listReplaysQuery, previewReplaySchema } from "../../modules/replays/replay.schemas";
import { cancelReplay, createReplay, getReplay, listReplays, pauseReplay, previewReplay, replayDeps, resumeReplay } from "../../modules/replays/replay.service";
import { callService, router, tenantProcedure } from "../init";
import { idInput } from "../inputs";

export const replaysRouter = router({
  list: tenantProcedure.input(listReplaysQuery).query(({ ctx, input }) => callService(() => listReplays(ctx.db, ctx.tenantId, input))),

  get: tenantProcedure.input(idInput).query(({ ctx, input }) => callService(() => getReplay(ctx.db, ctx.tenantId, input.id))),

  create: tenantProcedure
    .input(createReplaySchema)
    .mutation(({ ctx, input }) => callService(async () => createReplay(await replayDeps(ctx.db), ctx.tenantId, input))),

  /** `{ total, too_many }`: how many settled deliveries the filter matches now. */
  preview: tenantProcedure.input(previewReplaySchema).query(({ ctx, input }) => callService(() => previewReplay(ctx.db, ctx.tenantId, input))),

  pause: tenantProcedure.input(idInput).mutation(({ ctx, input }) => callService(async () => pauseReplay(await replayDeps(ctx.db), ctx.tenantId, input.id))),

  resume: tenantProcedure.input(idInput).mutation(({ ctx, input }) => callService(async () => resumeReplay(await replayDeps(ctx.db), ctx.tenantId, input.id))),

  cancel: tenantProcedure.input(idInput).mutation(({ ctx, input }) => callService(async () => cancelReplay(await replayDeps(ctx.db), ctx.tenantId, input.id))),
});
