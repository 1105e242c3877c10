// The API's promises checked on every documented operation at once (issue 5 acceptance), driven by
// the OpenAPI document so a new route is swept the day it is registered:
// - another tenant's ids give 404 on every route that takes one, and change nothing;
// - a revoked API key gets 401 on every tenant route;
// - malformed JSON gives 400, an unknown field or a wrong type 422 naming the field, and a body over
//   the cap 413, on every body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as openApiRoute } from "./openapi.json/route";
import { webBoss } from "../../../server/jobs/boss";
import { clearAccessCaches } from "../../../server/modules/access/access.service";
import { callRoute, type RouteCall } from "../../../server/testing/call-route";
import { ok, type Receiver, startReceiver } from "../../../server/testing/receiver";
import { routeHandler } from "../../../server/testing/route-handler";
import { createTenantFixture, type TenantFixture } from "../../../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../../server/testing/test-database";
import { waitFor } from "../../../server/testing/wait-for";
import { startWorkerProcess, type WorkerProcess } from "../../../server/testing/worker-process";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a parsed JSON document
type Operation = { method: string; path: string; security: string | null; body: Json | null };

const ADMIN_TOKEN = "admin-token-for-the-contract-sweep";
let database: TestDatabase;
let worker: WorkerProcess;
let receiver: Receiver;
let owner: TenantFixture;
let stranger: TenantFixture;
let document: Json;
/** The owner's ids, by the path parameter's resource (the first path segment after /api/v1). */
const ownerIds: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { HOOKLINE_ALLOW_PRIVATE_TARGETS: "1", ADMIN_API_TOKEN: ADMIN_TOKEN };
  useAsProcessDatabase(database, env);
  owner = await createTenantFixture(database.db, "Owner");
  stranger = await createTenantFixture(database.db, "Stranger");
  receiver = await startReceiver(ok);
  worker = await startWorkerProcess({ DATABASE_URL: database.url, ...env });
  document = (await callRoute(openApiRoute, { path: "/api/v1/openapi.json" })).body;

  const asOwner = (call: RouteCall) => ({ token: owner.apiKey, ...call });
  const endpoint = await callRoute(await routeHandler("POST", "/api/v1/endpoints"), asOwner({ body: { url: receiver.url } }));
  ownerIds.endpoints = endpoint.body.id;
  const sent = await callRoute(await routeHandler("POST", "/api/v1/endpoints/{id}/test"), asOwner({ body: {}, params: { id: ownerIds.endpoints! } }));
  ownerIds.events = sent.body.event_id;
  ownerIds.deliveries = sent.body.delivery_id;
  await waitFor(async () => (await database.db.delivery.findFirst({ where: { id: ownerIds.deliveries, status: "delivered" } })) !== null, { what: "the test event delivered" });
  const replay = await callRoute(await routeHandler("POST", "/api/v1/replays"), asOwner({ body: { endpoint_id: ownerIds.endpoints, statuses: ["delivered"], rate_per_second: 0.1 } }));
  ownerIds.replays = replay.body.id;
  ownerIds["api-keys"] = (await callRoute(await routeHandler("POST", "/api/v1/api-keys"), asOwner({ body: { name: "spare" } }))).body.id;
  expect(Object.values(ownerIds).every(Boolean), JSON.stringify(ownerIds)).toBe(true);
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  await (await webBoss(database.url)).stop({ graceful: false });
  await database?.drop();
});

function operations(): Operation[] {
  return Object.entries(document.paths as Json).flatMap(([path, methods]) =>
    Object.entries(methods as Json).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      security: op.security?.[0] ? Object.keys(op.security[0])[0]! : null,
      body: op.requestBody ? resolve(op.requestBody.content["application/json"].schema) : null,
    })),
  );
}

function resolve(schema: Json): Json {
  return schema.$ref ? resolve(document.components.schemas[(schema.$ref as string).split("/").at(-1)!]) : schema;
}

const tenantOperations = () => operations().filter((op) => op.security === tenantScheme());
const tenantScheme = () => Object.entries(document.components.securitySchemes as Json).find(([, s]) => /API key/i.test(s.description ?? ""))?.[0];
const resourceOf = (path: string) => path.split("/")[3]!;

/** A body the operation accepts, so only the id (not validation) decides the answer. */
const VALID_BODIES: Record<string, unknown> = {
  "PATCH /api/v1/endpoints/{id}": { description: "taken over" },
  "POST /api/v1/endpoints/{id}/rotate-secret": { overlap_seconds: 0 },
  "POST /api/v1/endpoints/{id}/test": {},
};

describe("another tenant's ids", () => {
  it("give 404 on every route that takes one, and change nothing", async () => {
    const swept = tenantOperations().filter((op) => op.path.includes("{id}"));
    expect(swept.length).toBeGreaterThanOrEqual(12);
    for (const op of swept) {
      const name = `${op.method} ${op.path}`;
      const id = ownerIds[resourceOf(op.path)];
      expect(id, `${name}: no owner id for ${resourceOf(op.path)}`).toBeDefined();
      const body = op.body ? (VALID_BODIES[name] ?? {}) : undefined;
      const response = await callRoute(await routeHandler(op.method, op.path), { method: op.method, token: stranger.apiKey, params: { id: id! }, body });
      expect(response.status, `${name} → ${JSON.stringify(response.body)}`).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
    const create = await callRoute(await routeHandler("POST", "/api/v1/replays"), { token: stranger.apiKey, body: { endpoint_id: ownerIds.endpoints, rate_per_second: 1 } });
    expect(create.status, "a replay of another tenant's endpoint").toBe(404);
    const lists = await callRoute(await routeHandler("GET", "/api/v1/deliveries"), { token: stranger.apiKey, path: `/api/v1/deliveries?endpoint_id=${ownerIds.endpoints}` });
    expect(lists.body.data).toEqual([]);

    // Nothing was deleted, revoked, rotated, renamed or replayed by the stranger.
    const mine = await callRoute(await routeHandler("GET", "/api/v1/endpoints/{id}"), { token: owner.apiKey, params: { id: ownerIds.endpoints! } });
    expect(mine.status).toBe(200);
    expect(mine.body.description).toBe("");
    expect(await database.db.endpointSecret.count({ where: { endpointId: ownerIds.endpoints } })).toBe(1);
    expect((await database.db.apiKey.findFirst({ where: { id: ownerIds["api-keys"] } }))?.revokedAt).toBeNull();
    expect(await database.db.replay.count({ where: { endpointId: ownerIds.endpoints } })).toBe(1);
    expect(await database.db.delivery.count({ where: { endpointId: ownerIds.endpoints } })).toBe(1);
  });
});

describe("a revoked API key", () => {
  it("gets 401 on every tenant route", async () => {
    const created = await callRoute(await routeHandler("POST", "/api/v1/api-keys"), { token: owner.apiKey, body: { name: "short-lived" } });
    const revoked = await callRoute(await routeHandler("DELETE", "/api/v1/api-keys/{id}"), { method: "DELETE", token: owner.apiKey, params: { id: created.body.id } });
    expect(revoked.status).toBe(204);
    clearAccessCaches();
    for (const op of tenantOperations()) {
      const response = await callRoute(await routeHandler(op.method, op.path), { method: op.method, token: created.body.key, params: { id: ownerIds[resourceOf(op.path)] ?? "x" }, body: op.body ? {} : undefined });
      expect(response.status, `${op.method} ${op.path}`).toBe(401);
      expect(response.body.error.code).toBe("unauthorized");
    }
  });
});

describe("bad request bodies", () => {
  const tokenFor = (op: Operation) => (op.security === tenantScheme() ? owner.apiKey : /admin/i.test(op.security ?? "") ? ADMIN_TOKEN : owner.serviceToken);
  const bodyOperations = () => operations().filter((op) => op.body);

  it("malformed JSON is 400 naming the body, everywhere", async () => {
    expect(bodyOperations().length).toBeGreaterThanOrEqual(10);
    for (const op of bodyOperations()) {
      const response = await callRoute(await routeHandler(op.method, op.path), { method: op.method, token: tokenFor(op), params: { id: ownerIds[resourceOf(op.path)] ?? "x" }, rawBody: '{"oops": ', headers: { "idempotency-key": "sweep" } });
      expect(response.status, `${op.method} ${op.path}`).toBe(400);
      expect(response.body.error.details).toEqual([expect.objectContaining({ field: "body" })]);
    }
  });

  it("a body over the cap is 413, everywhere", async () => {
    const huge = JSON.stringify({ padding: "x".repeat(1_100_000) });
    for (const op of bodyOperations()) {
      const response = await callRoute(await routeHandler(op.method, op.path), { method: op.method, token: tokenFor(op), params: { id: ownerIds[resourceOf(op.path)] ?? "x" }, rawBody: huge, headers: { "idempotency-key": "sweep-huge" } });
      expect(response.status, `${op.method} ${op.path}`).toBe(413);
      expect(response.body.error.code).toBe("payload_too_large");
    }
  });

  it("an unknown field or a wrong type is 422 naming the field, everywhere", async () => {
    for (const op of bodyOperations()) {
      const name = `${op.method} ${op.path}`;
      const call = async (body: unknown) =>
        callRoute(await routeHandler(op.method, op.path), { method: op.method, token: tokenFor(op), params: { id: ownerIds[resourceOf(op.path)] ?? "x" }, body, headers: { "idempotency-key": `sweep-${Math.random()}` } });
      const unknown = await call({ ...(VALID_BODIES[name] as object), zz_unknown: 1 });
      expect(unknown.status, `${name} unknown field → ${JSON.stringify(unknown.body)}`).toBe(422);
      expect(unknown.body.error.details.map((d: { field: string }) => d.field), name).toContain("zz_unknown");

      const [field, schema] = Object.entries(op.body!.properties as Json)[0]!;
      const wrong = await call({ [field]: wrongValueFor(schema) });
      expect(wrong.status, `${name} ${field} of the wrong type → ${JSON.stringify(wrong.body)}`).toBe(422);
      expect(wrong.body.error.details.map((d: { field: string }) => d.field.split(".")[0]), name).toContain(field);
    }
  });
});

/** A JSON value no schema of this type accepts: a string for numbers and objects, a number for strings. */
function wrongValueFor(schema: Json): unknown {
  const types = [schema.type, ...(schema.anyOf ?? []).map((s: Json) => s.type)].flat().filter(Boolean);
  return types.includes("string") ? 12345 : "not the right type";
}
