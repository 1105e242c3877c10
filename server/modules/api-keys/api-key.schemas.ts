// The API key resource: request validation (zod, strict: an unknown field is an error naming it) and
// the snake_case shape the API returns. The hash never leaves the server; the full key only once, in
// the create response. OpenAPI is generated from these same schemas.
import { z } from "zod";
import type { ApiKey } from "../../db/generated/client";
import { pageQuery } from "../../lib/pagination";

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
});
export type CreateApiKeyInput = z.output<typeof createApiKeySchema>;

export const listApiKeysQuery = z.strictObject({ ...pageQuery });

export type ApiKeyResource = ReturnType<typeof toApiKeyResource>;

export function toApiKeyResource(row: ApiKey) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}
