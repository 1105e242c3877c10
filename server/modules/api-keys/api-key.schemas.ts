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

export const apiKeyResource = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("The key's first characters, to recognise it; the key itself is never shown again."),
  created_at: z.iso.datetime(),
  last_used_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
});
export type ApiKeyResource = z.output<typeof apiKeyResource>;

export const createdApiKeyResource = apiKeyResource.extend({ key: z.string().describe("The full API key. Shown only in this response; stored hashed.") });
export type CreatedApiKey = z.output<typeof createdApiKeyResource>;

export function toApiKeyResource(row: ApiKey): ApiKeyResource {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}
