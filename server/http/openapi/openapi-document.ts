// The OpenAPI 3.1 document, generated from API_OPERATIONS and the zod schemas the routes validate
// with (z.toJSONSchema, JSON Schema 2020-12 = OpenAPI 3.1's dialect). Request bodies and queries are
// converted as inputs (defaults optional, coercions as their input type), responses as outputs.
import { z } from "zod";
import { errorEnvelopeSchema } from "../api-error";
import type { ApiOperation, ApiResponse, Audience, ErrorStatus, ResponseHeader } from "./api-operation";
import { API_OPERATIONS, SCHEMA_NAMES } from "./api-operations";

type JsonSchema = Record<string, unknown>;
type Io = "input" | "output";

const SECURITY: Record<Audience, { name: string; description: string } | null> = {
  tenant: { name: "apiKey", description: "A tenant API key (`Authorization: Bearer hk_…`), from POST /api/v1/admin/tenants or /api/v1/api-keys." },
  service: { name: "serviceToken", description: "A service token for internal publishers, from POST /api/v1/admin/service-tokens." },
  admin: { name: "adminToken", description: "The platform operators' ADMIN_API_TOKEN (environment)." },
  public: null,
};

const ERRORS: Record<ErrorStatus, { name: string; description: string }> = {
  400: { name: "BadRequest", description: "Malformed JSON body or invalid header (details name the field)." },
  401: { name: "Unauthorized", description: "Missing, unknown or revoked token." },
  403: { name: "Forbidden", description: "Not allowed for this token." },
  404: { name: "NotFound", description: "No such resource in this tenant (another tenant's ids are 404 too)." },
  409: { name: "Conflict", description: "Conflicts with the current state." },
  413: { name: "PayloadTooLarge", description: "The request body is over the limit." },
  422: { name: "Unprocessable", description: "Validation failed; details name each invalid field (unknown fields included)." },
  429: { name: "RateLimited", description: "Too many requests; retry after Retry-After seconds." },
};

type HeaderDoc = { header: string; description: string; type: "string" | "integer"; required: boolean };

/** components.headers: the component name → the HTTP header and its documentation. */
const HEADERS: Record<ResponseHeader | "RequestId" | "RetryAfter", HeaderDoc> = {
  RequestId: { header: "X-Request-Id", description: "The request's id (the caller's X-Request-Id, or generated); also in error bodies.", type: "string", required: true },
  RateLimitLimit: { header: "X-RateLimit-Limit", description: "Requests (for publishing: events) per second allowed.", type: "integer", required: true },
  RateLimitRemaining: { header: "X-RateLimit-Remaining", description: "Requests left in the current burst.", type: "integer", required: true },
  RateLimitReset: { header: "X-RateLimit-Reset", description: "Seconds until the burst is full again.", type: "integer", required: true },
  RetryAfter: { header: "Retry-After", description: "Seconds to wait before retrying.", type: "integer", required: true },
  IdempotentReplayed: {
    header: "Idempotent-Replayed",
    description: '"true" when this is the stored response to an earlier request with the same Idempotency-Key.',
    type: "string",
    required: false,
  },
};
const RATE_LIMIT_HEADERS = ["RateLimitLimit", "RateLimitRemaining", "RateLimitReset"] as const;

/** A response's `headers` map: HTTP header name → $ref to its component. */
function headerRefs(components: Iterable<keyof typeof HEADERS>): Record<string, JsonSchema> {
  return Object.fromEntries([...components].map((name) => [HEADERS[name].header, { $ref: `#/components/headers/${name}` }]));
}

const DESCRIPTION = `Webhook delivery: tenants register endpoints, internal services publish events, Hookline delivers them signed (Standard Webhooks).

Authentication: \`Authorization: Bearer <token>\`, a tenant API key, a service token or the admin token depending on the route.
Bodies are JSON with snake_case fields; unknown fields and query parameters are refused (422 naming them).
Errors: \`{"error": {"code", "message", "details", "request_id"}}\`.
Lists: \`{"data": [...], "next_cursor": string | null}\`, newest first; pass \`cursor\` (and \`limit\`, at most 100) for the next page.
Tenant API keys are rate limited per key (429 with Retry-After; X-RateLimit-* on every response).`;

let cached: JsonSchema | undefined;

/** Built once per process: the operations and schemas are fixed at startup. */
export function openApiDocument(): JsonSchema {
  cached ??= buildOpenApiDocument(API_OPERATIONS);
  return cached;
}

export function buildOpenApiDocument(operations: readonly ApiOperation[]): JsonSchema {
  const names = nameSchemas(operations);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operationObject(op, names);
  return {
    openapi: "3.1.1",
    info: { title: "Hookline API", version: "1", description: DESCRIPTION },
    tags: [...new Set(operations.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...componentSchemas(names.requests, "input"), ...componentSchemas(names.responses, "output") },
      responses: errorResponses(),
      headers: Object.fromEntries(Object.entries(HEADERS).map(([name, { description, type, required }]) => [name, { description, required, schema: { type } }])),
      securitySchemes: Object.fromEntries(
        Object.values(SECURITY).flatMap((s) => (s ? [[s.name, { type: "http", scheme: "bearer", description: s.description }]] : [])),
      ),
    },
  };
}

type SchemaNames = { requests: z.core.$ZodRegistry<{ id: string }>; responses: z.core.$ZodRegistry<{ id: string }> };

/**
 * Every body and response schema becomes a named component: shared ones by SCHEMA_NAMES, the others
 * after their operation (CreateEndpointRequest, ListEndpointsResponse). Requests and responses are
 * separate registries because they convert with different `io`.
 */
function nameSchemas(operations: readonly ApiOperation[]): SchemaNames {
  const requests = z.registry<{ id: string }>();
  const responses = z.registry<{ id: string }>();
  const taken = new Set<string>();
  const name = (registry: SchemaNames["requests"], schema: z.ZodType, candidates: string[]) => {
    if (registry.has(schema)) return;
    const id = candidates.find((candidate) => !taken.has(candidate));
    if (!id) throw new Error(`OpenAPI: no free component name among ${candidates.join(", ")}`);
    taken.add(id);
    registry.add(schema, { id });
  };
  name(responses, errorEnvelopeSchema, ["Error"]);
  for (const [schema, id] of SCHEMA_NAMES) name(responses, schema, [id]);
  for (const op of operations) {
    const base = op.operationId[0]!.toUpperCase() + op.operationId.slice(1);
    if (op.body) name(requests, op.body, [`${base}Request`]);
    for (const [status, response] of Object.entries(op.responses))
      if (response.schema) name(responses, response.schema, [`${base}Response`, `${base}${status}Response`]);
  }
  return { requests, responses };
}

function componentSchemas(registry: SchemaNames["requests"], io: Io): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io, uri: componentRef, override: io === "output" ? openResponseObjects : undefined });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, embeddable(schema as JsonSchema)]));
}

const componentRef = (id: string) => `#/components/schemas/${id}`;

/**
 * zod closes output objects (additionalProperties: false) because a response has exactly these
 * fields today; documented that way, adding a field later would break strict clients. Responses may
 * gain fields; requests stay closed (strict schemas refuse unknown fields).
 */
function openResponseObjects(ctx: { zodSchema: z.core.$ZodType; jsonSchema: JsonSchema }): void {
  const def = ctx.zodSchema._zod.def;
  if (def.type === "object" && !(def as z.core.$ZodObjectDef).catchall) delete ctx.jsonSchema.additionalProperties;
}

/** A standalone JSON Schema made fit to sit inside the document: no $schema/$id, no private $defs. */
function embeddable(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  if (rest.$defs) throw new Error(`OpenAPI: schema has $defs (${Object.keys(rest.$defs as object).join(", ")}); name shared schemas in the registry instead`);
  return rest;
}

function operationObject(op: ApiOperation, names: SchemaNames): JsonSchema {
  const security = SECURITY[op.audience];
  const requestBody = op.body && {
    required: true,
    content: { "application/json": { schema: { $ref: componentRef(names.requests.get(op.body)!.id) } } },
  };
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security: security ? [{ [security.name]: [] }] : [],
    parameters: [...pathParameters(op.path), ...queryParameters(op.query), ...headerParameters(op.headers)],
    ...(requestBody ? { requestBody } : {}),
    responses: { ...successResponses(op, names), ...errorRefs(op) },
  };
}

function pathParameters(path: string): JsonSchema[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
}

/** A query schema is one object; each of its properties is a parameter. */
function queryParameters(query: z.ZodType | undefined): JsonSchema[] {
  if (!query) return [];
  const json = embeddable(z.toJSONSchema(query, { target: "draft-2020-12", io: "input" }) as JsonSchema);
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: "query", required: required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

function headerParameters(headers: ApiOperation["headers"]): JsonSchema[] {
  return Object.entries(headers ?? {}).map(([name, { schema, description }]) => ({
    name,
    in: "header",
    required: !schema.safeParse(undefined).success,
    description,
    schema: embeddable(z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as JsonSchema),
  }));
}

function successResponses(op: ApiOperation, names: SchemaNames): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(op.responses).map(([status, response]) => [status, successResponse(op, response, names)]));
}

function successResponse(op: ApiOperation, response: ApiResponse, names: SchemaNames): JsonSchema {
  const headers = new Set<keyof typeof HEADERS>(response.headers ?? []);
  if (op.audience !== "public") headers.add("RequestId");
  if (op.audience === "tenant") for (const name of RATE_LIMIT_HEADERS) headers.add(name);
  return {
    description: response.description,
    ...(headers.size ? { headers: headerRefs(headers) } : {}),
    ...(response.schema ? { content: { "application/json": { schema: { $ref: componentRef(names.responses.get(response.schema)!.id) } } } } : {}),
  };
}

/** The errors an operation can answer with: from its audience, path, input, and its own list. */
function errorStatuses(op: ApiOperation): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>(op.errors ?? []);
  if (op.audience !== "public") statuses.add(401);
  if (op.path.includes("{")) statuses.add(404);
  if (op.body) for (const status of [400, 413, 422] as const) statuses.add(status);
  if (op.query) statuses.add(422);
  if (op.headers) statuses.add(400);
  // Tenant keys are limited per key on every route; publishing is limited per tenant.
  if (op.audience === "tenant" || op.audience === "service") statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

function errorRefs(op: ApiOperation): Record<string, JsonSchema> {
  return Object.fromEntries(errorStatuses(op).map((status) => [status, { $ref: `#/components/responses/${ERRORS[status].name}` }]));
}

function errorResponses(): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(ERRORS).map(([status, { name, description }]) => {
      const headers = headerRefs(status === "429" ? ["RequestId", "RetryAfter", ...RATE_LIMIT_HEADERS] : ["RequestId"]);
      return [name, { description, headers, content: { "application/json": { schema: { $ref: componentRef("Error") } } } }];
    }),
  );
}
