// The portal's endpoints: the same services and schemas as /api/v1/endpoints/**.
import { env } from "../../env";
import { enableDeps, testEventDeps, updateDeps } from "../../modules/endpoints/endpoint-deps";
import { enableEndpoint } from "../../modules/endpoints/endpoint-enable.service";
import { getEndpointHealth } from "../../modules/endpoints/endpoint-health.service";
import { healthSummaryInput } from "../../modules/endpoints/endpoint-stats.schemas";
import { getEndpointHealthSummary, getEndpointStats } from "../../modules/endpoints/endpoint-stats.service";
import { rotateEndpointSecret } from "../../modules/endpoints/endpoint-secret.service";
import { sendTestEvent } from "../../modules/endpoints/endpoint-test-event.service";
import { createEndpointSchema, listEndpointsQuery, rotateSecretSchema, sendTestEventSchema, updateEndpointSchema } from "../../modules/endpoints/endpoint.schemas";
import { createEndpoint, deleteEndpoint, endpointPolicy, getEndpoint, listEndpoints, updateEndpoint } from "../../modules/endpoints/endpoint.service";
import { isolationConfig } from "../../modules/isolation/isolation-config";
import { callService, router, tenantProcedure } from "../init";
import { idInput, resourceId } from "../inputs";

export const endpointsRouter = router({
  list: tenantProcedure.input(listEndpointsQuery).query(({ ctx, input }) => callService(() => listEndpoints(ctx.db, ctx.tenantId, input))),

  get: tenantProcedure.input(idInput).query(({ ctx, input }) => callService(() => getEndpoint(ctx.db, ctx.tenantId, input.id))),

  /** The one response besides rotateSecret that carries the signing secret. */
  create: tenantProcedure
    .input(createEndpointSchema)
    .mutation(({ ctx, input }) => callService(() => createEndpoint(ctx.db, ctx.tenantId, input, endpointPolicy(env())))),

  /** PATCH semantics: only the fields given change; `enabled` disables or enables like REST. */
  update: tenantProcedure
    .input(updateEndpointSchema.extend({ id: resourceId }))
    .mutation(({ ctx, input: { id, ...changes } }) => callService(async () => updateEndpoint(await updateDeps(ctx.db), ctx.tenantId, id, changes))),

  delete: tenantProcedure.input(idInput).mutation(({ ctx, input }) => callService(() => deleteEndpoint(ctx.db, ctx.tenantId, input.id))),

  rotateSecret: tenantProcedure
    .input(rotateSecretSchema.extend({ id: resourceId }))
    .mutation(({ ctx, input: { id, ...options } }) => callService(() => rotateEndpointSecret(ctx.db, ctx.tenantId, id, options))),

  enable: tenantProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => callService(async () => enableEndpoint(await enableDeps(ctx.db), ctx.tenantId, input.id))),

  sendTest: tenantProcedure
    .input(sendTestEventSchema.extend({ id: resourceId }))
    .mutation(({ ctx, input: { id, ...options } }) => callService(async () => sendTestEvent(await testEventDeps(ctx.db), ctx.tenantId, id, options))),

  health: tenantProcedure
    .input(idInput)
    .query(({ ctx, input }) => callService(() => getEndpointHealth(ctx.db, ctx.tenantId, input.id, isolationConfig(env()).ramp))),

  /** The endpoint page's chart: 24 UTC hours, oldest first, the last the current hour. */
  stats: tenantProcedure.input(idInput).query(({ ctx, input }) => callService(() => getEndpointStats(ctx.db, ctx.tenantId, input.id))),

  /** The endpoint list's health column: the tenant's endpoints among the ids (others are left out). */
  healthSummary: tenantProcedure
    .input(healthSummaryInput)
    .query(({ ctx, input }) => callService(() => getEndpointHealthSummary(ctx.db, ctx.tenantId, input.ids))),
});
