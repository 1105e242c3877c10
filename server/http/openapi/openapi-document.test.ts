// The OpenAPI document: valid OpenAPI 3.1 (a real validator), JSON Schemas valid under 2020-12 (Ajv,
// strict), and complete: every route file on disk is in API_OPERATIONS and every operation has a
// route file exporting its method.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { componentValidator } from "../../testing/openapi-validator";
import { API_OPERATIONS } from "./api-operations";
import { buildOpenApiDocument, openApiDocument } from "./openapi-document";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a parsed JSON document
const document = openApiDocument() as Json;
const operations = Object.entries(document.paths as Json).flatMap(([path, methods]) =>
  Object.entries(methods as Json).map(([method, operation]) => ({ path, method, operation: operation as Json })),
);

describe("OpenAPI document", () => {
  it("is valid OpenAPI 3.1 for @seriousme/openapi-schema-validator", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("the validator is not vacuous: a dangling $ref and a missing info are refused", async () => {
    const dangling = structuredClone(document);
    dangling.paths["/api/v1/endpoints"].get.responses["200"].content["application/json"].schema.$ref = "#/components/schemas/Nope";
    expect((await new Validator().validate(dangling)).valid).toBe(false);
    const { info: _info, ...noInfo } = structuredClone(document);
    expect((await new Validator().validate(noInfo)).valid).toBe(false);
  });

  it("every component and parameter schema compiles as JSON Schema 2020-12 (Ajv strict)", () => {
    const check = componentValidator(document as never);
    for (const name of Object.keys(document.components.schemas)) expect(() => check(name, null), name).not.toThrow();
    const ajv = new Ajv2020({ strict: true });
    addFormats.default(ajv);
    for (const { path, method, operation } of operations)
      for (const parameter of operation.parameters as Json[]) expect(() => ajv.compile(parameter.schema), `${method} ${path} ${parameter.name}`).not.toThrow();
  });

  it("is generated once per process", () => {
    expect(openApiDocument()).toBe(openApiDocument());
    expect(buildOpenApiDocument(API_OPERATIONS)).toEqual(openApiDocument());
  });

  it("request bodies are closed (strict zod schemas: unknown fields are 422), responses are open to new fields", () => {
    for (const { operation } of operations) {
      const ref = operation.requestBody?.content["application/json"].schema.$ref as string | undefined;
      if (ref) expect(document.components.schemas[ref.split("/").at(-1)!].additionalProperties, ref).toBe(false);
    }
    expect(document.components.schemas.Endpoint.additionalProperties).toBeUndefined();
  });

  it("every operation: unique id, a 2xx response, path parameters declared, errors by audience", () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of operations) {
      const where = `${method} ${path}`;
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((s) => s.startsWith("2")), where).toBe(true);
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      expect(operation.parameters.filter((p: Json) => p.in === "path").map((p: Json) => p.name), where).toEqual(pathParams);
      if (pathParams.length) expect(statuses, where).toContain("404");
      const security = operation.security as Json[];
      if (security.length) expect(statuses, where).toContain("401");
      if (security.some((s) => "apiKey" in s)) expect(statuses, where).toContain("429");
      if (operation.requestBody) expect(statuses, where).toEqual(expect.arrayContaining(["400", "413", "422"]));
    }
  });

  it("documents the error envelope, list pages and Retry-After", () => {
    expect(document.components.responses.RateLimited.headers["Retry-After"]).toEqual({ $ref: "#/components/headers/RetryAfter" });
    expect(document.components.schemas.Error.required).toEqual(["error"]);
    expect(document.components.schemas.Error.properties.error.required).toEqual(["code", "message", "details", "request_id"]);
    const page = document.components.schemas.ListEndpointsResponse;
    expect(page.required).toEqual(["data", "next_cursor"]);
    expect(page.properties.data.items).toEqual({ $ref: "#/components/schemas/Endpoint" });
    const listEndpoints = document.paths["/api/v1/endpoints"].get;
    expect(listEndpoints.parameters.map((p: Json) => [p.name, p.in, p.required, p.schema.type])).toEqual([
      ["limit", "query", false, "integer"],
      ["cursor", "query", false, "string"],
    ]);
    expect(document.paths["/api/v1/events"].post.parameters[0]).toMatchObject({ name: "Idempotency-Key", in: "header", required: false });
  });
});

// Next internals and non-JSON endpoints, not part of the REST API.
const NOT_REST = ["/api/auth/", "/api/trpc/", "/api/metrics"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const APP_DIR = join(process.cwd(), "app");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(path) : entry.name === "route.ts" ? [path] : [];
  });
}

/** "app/api/v1/endpoints/[id]/route.ts" exporting GET and DELETE → "GET /api/v1/endpoints/{id}", "DELETE …". */
function routesOnDisk(): string[] {
  return routeFiles(join(APP_DIR, "api")).flatMap((file) => {
    const path = "/" + relative(APP_DIR, file).split(sep).slice(0, -1).join("/").replace(/\[(\w+)\]/g, "{$1}");
    if (NOT_REST.some((prefix) => `${path}/`.startsWith(prefix))) return [];
    const source = readFileSync(file, "utf8");
    const exported = METHODS.filter((method) => new RegExp(`export\\s+(const|(async\\s+)?function)\\s+${method}\\b`).test(source));
    return exported.map((method) => `${method} ${path}`);
  });
}

describe("OpenAPI completeness", () => {
  it("finds the route files (the scan itself works)", () => {
    expect(routesOnDisk()).toEqual(expect.arrayContaining(["POST /api/v1/events", "GET /api/v1/endpoints/{id}", "GET /api/health"]));
  });

  it("every route file's exported method is documented, and every documented operation has its route file", () => {
    const documented = API_OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`).sort();
    expect(documented).toEqual(routesOnDisk().sort());
  });
});
