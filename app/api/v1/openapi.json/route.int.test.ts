// The OpenAPI document against the real API: GET /api/v1/openapi.json (public), then every documented
// operation called through its real route handler on a real PostgreSQL, with the real worker delivering
// to a loopback receiver. Each response's status must be documented for its operation, its body must
// match the documented schema (Ajv, JSON Schema 2020-12) and its required headers must be there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as openApiRoute } from "./route";
import { webBoss } from "../../../../server/jobs/boss";
import { callRoute, type RouteCall, type RouteResult } from "../../../../server/testing/call-route";
import { componentValidator, type ComponentValidator } from "../../../../server/testing/openapi-validator";
import { type Receiver, startReceiver } from "../../../../server/testing/receiver";
import { routeHandler } from "../../../../server/testing/route-handler";
import { createTenantFixture, type TenantFixture } from "../../../../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../../../server/testing/test-database";
import { waitFor } from "../../../../server/testing/wait-for";
import { startWorkerProcess, type WorkerProcess } from "../../../../server/testing/worker-process";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a parsed JSON document

const ADMIN_TOKEN = "admin-token-for-the-openapi-test";
let database: TestDatabase;
let worker: WorkerProcess;
let receiver: Receiver;
let tenant: TenantFixture;
let document: Json;
let conforms: ComponentValidator;
/** "POST /api/v1/endpoints/{id}/test" → the statuses it answered with in this file. */
const seen = new Map<string, Set<number>>();

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { HOOKLINE_ALLOW_PRIVATE_TARGETS: "1", ADMIN_API_TOKEN: ADMIN_TOKEN };
  useAsProcessDatabase(database, env);
  tenant = await createTenantFixture(database.db, "OpenAPI");
  receiver = await startReceiver();
  worker = await startWorkerProcess({ DATABASE_URL: database.url, ...env });
  const response = await callRoute(openApiRoute, { path: "/api/v1/openapi.json" });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  document = response.body;
  conforms = componentValidator(response.body);
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  await (await webBoss(database.url)).stop({ graceful: false });
  await database?.drop();
});

type Request = Omit<RouteCall, "method" | "path"> & { query?: string };

/** Calls "METHOD /path/{id}" and checks the answer against the document. */
async function call(operation: string, request: Request = {}): Promise<RouteResult> {
  const [method, template] = operation.split(" ") as [string, string];
  const params = request.params ?? {};
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "") + (request.query ?? "");
  const response = await callRoute(await routeHandler(method, template), { ...request, method, path });
  expectDocumented(method.toLowerCase(), template, response);
  if (!seen.has(operation)) seen.set(operation, new Set());
  seen.get(operation)!.add(response.status);
  return response;
}

function expectDocumented(method: string, template: string, response: RouteResult): void {
  const where = `${method.toUpperCase()} ${template} → ${response.status} ${JSON.stringify(response.body)?.slice(0, 300)}`;
  const operation = document.paths[template]?.[method];
  expect(operation, `${where}: not in the document`).toBeDefined();
  let documented = operation.responses[String(response.status)] as Json | undefined;
  expect(documented, `${where}: status not documented`).toBeDefined();
  if (documented!.$ref) documented = document.components.responses[documented!.$ref.split("/").at(-1)];
  const ref = documented!.content?.["application/json"]?.schema.$ref as string | undefined;
  if (ref) expect(conforms(ref.split("/").at(-1)!, response.body), where).toBeNull();
  else expect(response.body, `${where}: documented without a body`).toBeNull();
  for (const [header, value] of Object.entries((documented!.headers ?? {}) as Json)) {
    const required = document.components.headers[(value.$ref as string).split("/").at(-1)!].required;
    if (required) expect(response.headers.get(header), `${where}: header ${header}`).not.toBeNull();
  }
}

const asTenant = (extra: Omit<Request, "token"> = {}): Request => ({ token: tenant.apiKey, ...extra });

describe("every documented operation answers as documented", () => {
  it("public and admin routes", async () => {
    await call("GET /api/v1/openapi.json");
    await call("GET /api/health");
    const admin = { token: ADMIN_TOKEN };
    expect((await call("POST /api/v1/admin/tenants", { ...admin, body: { name: "Documented Inc" } })).status).toBe(201);
    expect((await call("POST /api/v1/admin/service-tokens", { ...admin, body: { name: "billing" } })).status).toBe(201);
    const eventType = { name: "openapi.checked", description: "An example", schema: { type: "object" } };
    expect((await call("POST /api/v1/admin/event-types", { ...admin, body: eventType })).status).toBe(201);
    expect((await call("POST /api/v1/admin/event-types", { ...admin, body: eventType })).status).toBe(409);
    const member = (id: string) => ({ ...admin, params: { id }, body: { email: "documented@example.com", password: "documented-password" } });
    expect((await call("POST /api/v1/admin/tenants/{id}/members", member(tenant.tenantId))).status).toBe(201);
    expect((await call("POST /api/v1/admin/tenants/{id}/members", member(tenant.tenantId))).status).toBe(409);
    expect((await call("POST /api/v1/admin/tenants/{id}/members", member("ten_unknown"))).status).toBe(404);
    expect((await call("POST /api/v1/admin/tenants", { token: "wrong", body: { name: "x" } })).status).toBe(401);
    expect((await call("GET /api/v1/event-types", asTenant())).status).toBe(200);
  });

  it("endpoints, events, deliveries and replays, with the worker delivering", async () => {
    const created = await call("POST /api/v1/endpoints", asTenant({ body: { url: receiver.url, event_types: ["*"], headers: { "X-Team": "docs" } } }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const spare = (await call("POST /api/v1/endpoints", asTenant({ body: { url: receiver.url, enabled: false } }))).body.id as string;
    expect((await call("GET /api/v1/endpoints", asTenant())).status).toBe(200);
    expect((await call("GET /api/v1/endpoints/{id}", asTenant({ params: { id } }))).status).toBe(200);
    expect((await call("PATCH /api/v1/endpoints/{id}", asTenant({ params: { id }, body: { description: "documented" } }))).status).toBe(200);
    expect((await call("POST /api/v1/endpoints/{id}/rotate-secret", asTenant({ params: { id }, body: { overlap_seconds: 60 } }))).status).toBe(200);
    expect((await call("POST /api/v1/endpoints/{id}/enable", asTenant({ params: { id: spare } }))).status).toBe(200);
    expect((await call("DELETE /api/v1/endpoints/{id}", asTenant({ params: { id: spare } }))).status).toBe(204);
    expect((await call("GET /api/v1/endpoints/{id}", asTenant({ params: { id: spare } }))).status).toBe(404);
    expect((await call("POST /api/v1/endpoints", asTenant({ body: { url: 42, colour: "red" } }))).status).toBe(422);
    expect((await call("POST /api/v1/endpoints", asTenant({ rawBody: "{" }))).status).toBe(400);
    expect((await call("GET /api/v1/endpoints", { token: "hk_unknown" })).status).toBe(401);
    expect((await call("POST /api/v1/endpoints/{id}/test", asTenant({ params: { id }, body: {} }))).status).toBe(202);

    const event = { tenant_id: tenant.tenantId, type: "invoice.paid", data: { amount: 4200 } };
    const publish = { token: tenant.serviceToken, headers: { "idempotency-key": "openapi-1" } };
    expect((await call("POST /api/v1/events", { ...publish, body: event })).status).toBe(202);
    expect((await call("POST /api/v1/events", { ...publish, body: event })).headers.get("idempotent-replayed")).toBe("true");
    expect((await call("POST /api/v1/events", { ...publish, body: { ...event, data: { amount: 1 } } })).status).toBe(409);

    await waitFor(async () => (await database.db.delivery.count({ where: { tenantId: tenant.tenantId, status: "delivered" } })) === 2, {
      what: "the test event and the published one delivered",
    });
    const events = await call("GET /api/v1/events", asTenant());
    expect(events.body.data.length).toBeGreaterThan(0);
    expect((await call("GET /api/v1/events/{id}", asTenant({ params: { id: events.body.data[0].id } }))).status).toBe(200);
    const deliveries = await call("GET /api/v1/deliveries", asTenant({ query: `?status=delivered&endpoint_id=${id}&limit=10` }));
    expect(deliveries.body.data).toHaveLength(2);
    const deliveryId = deliveries.body.data[0].id as string;
    const detail = await call("GET /api/v1/deliveries/{id}", asTenant({ params: { id: deliveryId } }));
    expect(detail.body.attempts.length).toBeGreaterThan(0);
    expect((await call("GET /api/v1/endpoints/{id}/health", asTenant({ params: { id } }))).status).toBe(200);

    expect((await call("POST /api/v1/deliveries/{id}/replay", asTenant({ params: { id: deliveryId } }))).status).toBe(202);
    const replay = await call("POST /api/v1/replays", asTenant({ body: { endpoint_id: id, statuses: ["delivered"], rate_per_second: 0.1 } }));
    expect(replay.status).toBe(202);
    const replayId = replay.body.id as string;
    expect((await call("GET /api/v1/replays", asTenant())).status).toBe(200);
    expect((await call("GET /api/v1/replays/{id}", asTenant({ params: { id: replayId } }))).status).toBe(200);
    expect((await call("POST /api/v1/replays/{id}/pause", asTenant({ params: { id: replayId } }))).status).toBe(200);
    expect((await call("POST /api/v1/replays/{id}/resume", asTenant({ params: { id: replayId } }))).status).toBe(200);
    expect((await call("POST /api/v1/replays/{id}/cancel", asTenant({ params: { id: replayId } }))).status).toBe(200);
    expect((await call("POST /api/v1/replays/{id}/resume", asTenant({ params: { id: replayId } }))).status).toBe(409);
  });

  it("API keys", async () => {
    const created = await call("POST /api/v1/api-keys", asTenant({ body: { name: "docs" } }));
    expect(created.status).toBe(201);
    expect((await call("GET /api/v1/api-keys", asTenant({ query: "?limit=5" }))).status).toBe(200);
    expect((await call("DELETE /api/v1/api-keys/{id}", asTenant({ params: { id: created.body.id } }))).status).toBe(204);
  });

  it("covered every operation of the document with a success", () => {
    const operations = Object.entries(document.paths as Json).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const succeeded = [...seen].filter(([, statuses]) => [...statuses].some((s) => s < 300)).map(([operation]) => operation);
    expect(succeeded.sort()).toEqual(operations.sort());
  });
});
