// The shape of one documented REST operation (api-operations.ts lists them all).
import type { z } from "zod";
import type { PrincipalKind } from "../../modules/access/access.service";

export type Audience = PrincipalKind | "public";
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
/** Error statuses an operation can answer with, beyond those its audience, path and input imply. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429;
/** Response headers documented once in components.headers. */
export type ResponseHeader = "RateLimitLimit" | "RateLimitRemaining" | "RateLimitReset" | "IdempotentReplayed";

export type ApiResponse = { description: string; schema?: z.ZodType; headers?: ResponseHeader[] };

export type ApiOperation = OperationSpec & { audience: Audience; tag: string };

export type OperationSpec = {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI style: /api/v1/endpoints/{id} */
  path: string;
  summary: string;
  description?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Request headers, validated by the route with these schemas. */
  headers?: Record<string, { schema: z.ZodType; description: string }>;
  responses: Record<number, ApiResponse>;
  errors?: ErrorStatus[];
};

/** Operations of one tag and audience. */
export function group(tag: string, audience: Audience, specs: OperationSpec[]): ApiOperation[] {
  return specs.map((spec) => ({ ...spec, tag, audience }));
}

export const noContent = (description: string): Record<number, ApiResponse> => ({ 204: { description } });
