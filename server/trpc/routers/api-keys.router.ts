// The portal's API keys: the same services and schemas as /api/v1/api-keys/**.
import { createApiKeySchema, listApiKeysQuery } from "../../modules/api-keys/api-key.schemas";
import { createApiKey, listApiKeys, revokeApiKey } from "../../modules/api-keys/api-key.service";
import { callService, router, tenantProcedure } from "../init";
import { idInput } from "../inputs";

export const apiKeysRouter = router({
  list: tenantProcedure.input(listApiKeysQuery).query(({ ctx, input }) => callService(() => listApiKeys(ctx.db, ctx.tenantId, input))),

  /** The one response that carries the full key (`key`). */
  create: tenantProcedure.input(createApiKeySchema).mutation(({ ctx, input }) => callService(() => createApiKey(ctx.db, ctx.tenantId, input))),

  /** Idempotent; this process refuses the key at once, other web processes within seconds. */
  revoke: tenantProcedure.input(idInput).mutation(({ ctx, input }) => callService(() => revokeApiKey(ctx.db, ctx.tenantId, input.id))),
});
