// Tenant isolation through the real route handlers: one tenant's endpoints and deliveries (made by the
// real worker process delivering to a loopback receiver) are invisible to another tenant's API key,
// and a publish for one tenant never reaches another's endpoints. Also: admin routes and their token,
// endpoint validation, secrets only on create, and cursor pagination.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createEventTypeRoute } from "./admin/event-types/route";
import { POST as createServiceTokenRoute } from "./admin/service-tokens/route";
import { POST as createTenantRoute } from "./admin/tenants/route";
import { GET as getDeliveryRoute } from "./deliveries/[id]/route";
import { GET as listDeliveriesRoute } from "./deliveries/route";
import { DELETE as deleteEndpointRoute, GET as getEndpointRoute } from "./endpoints/[id]/route";
import { GET as listEndpointsRoute, POST as createEndpointRoute } from "./endpoints/route";
import { GET as listEventTypesRoute } from "./event-types/route";
import { POST as publishRoute } from "./events/route";
import { webBoss } from "../../../server/jobs/boss";
import { callRoute, type RouteResult } from "../../../server/testing/call-route";
import { type Receiver, startReceiver } from "../../../server/testing/receiver";
import { createTenantFixture, TEST_EVENT_TYPES, type TenantFixture } from "../../../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../../server/testing/test-database";
import { waitFor } from "../../../server/testing/wait-for";
import { startWorkerProcess, type WorkerProcess } from "../../../server/testing/worker-process";

const ADMIN_TOKEN = "test-admin-token";

let database: TestDatabase;
let worker: WorkerProcess;
let receiverA: Receiver;
let receiverB: Receiver;
let a: TenantFixture;
let b: TenantFixture;
let endpointA: { id: string; secret: string };
let endpointB: { id: string; secret: string };
let eventA: { id: string };
let deliveryA: { id: string };

type Endpoint = { id: string; url: string; secret?: string } & Record<string, unknown>;

beforeAll(async () => {
  database = await createTestDatabase();
  useAsProcessDatabase(database, { ADMIN_API_TOKEN: ADMIN_TOKEN, HOOKLINE_ALLOW_PRIVATE_TARGETS: "1" });
  a = await createTenantFixture(database.db, "Tenant A");
  b = await createTenantFixture(database.db, "Tenant B");
  receiverA = await startReceiver();
  receiverB = await startReceiver();
  worker = await startWorkerProcess({ DATABASE_URL: database.url, HOOKLINE_ALLOW_PRIVATE_TARGETS: "1" });
  endpointA = await createEndpoint(a, { url: `${receiverA.url}/a`, event_types: ["*"] });
  endpointB = await createEndpoint(b, { url: `${receiverB.url}/b`, event_types: ["*"] });
  eventA = await publish(a, "invoice.paid", { for: "A" });
  deliveryA = await delivered(a, eventA.id, endpointA.id);
});
afterAll(async () => {
  await worker?.stop();
  await Promise.all([receiverA?.close(), receiverB?.close()]);
  await (await webBoss(database.url)).stop({ graceful: false });
  await database?.drop();
});

async function createEndpoint(tenant: TenantFixture, body: Record<string, unknown>): Promise<Endpoint & { secret: string }> {
  const response = await callRoute(createEndpointRoute, { path: "/api/v1/endpoints", token: tenant.apiKey, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function publish(tenant: TenantFixture, type: string, data: Record<string, unknown>): Promise<{ id: string; matched_endpoints: number }> {
  const response = await callRoute(publishRoute, { path: "/api/v1/events", token: tenant.serviceToken, body: { tenant_id: tenant.tenantId, type, data } });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body;
}

async function delivered(tenant: TenantFixture, eventId: string, endpointId: string) {
  return waitFor(
    async () => {
      const row = await database.db.delivery.findFirst({ where: { tenantId: tenant.tenantId, eventId, endpointId } });
      return row?.status === "delivered" ? row : null;
    },
    { what: `delivery of ${eventId} to ${endpointId}` },
  );
}

function expectError(response: RouteResult, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error).toMatchObject({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
}

function fieldsOf(response: RouteResult): string[] {
  return (response.body.error.details as Array<{ field: string }>).map((d) => d.field);
}

function idsOf(response: RouteResult): string[] {
  return (response.body.data as Array<{ id: string }>).map((row) => row.id);
}

describe("tenant isolation", () => {
  it("A's own key sees A's endpoint and delivery (the control for the 404s below)", async () => {
    const endpoint = await callRoute(getEndpointRoute, { token: a.apiKey, params: { id: endpointA.id } });
    expect(endpoint.status).toBe(200);
    expect(endpoint.body.id).toBe(endpointA.id);
    const delivery = await callRoute(getDeliveryRoute, { token: a.apiKey, params: { id: deliveryA.id } });
    expect(delivery.status, JSON.stringify(delivery.body)).toBe(200);
    expect(delivery.body).toMatchObject({ id: deliveryA.id, event_id: eventA.id, endpoint_id: endpointA.id, status: "delivered" });
    expect(delivery.body.attempts).toHaveLength(1);
    expect(receiverA.requests.filter((r) => r.headers["webhook-id"] === eventA.id)).toHaveLength(1);
  });

  it("GET /api/v1/endpoints/{A's id} with B's key → 404 not_found", async () => {
    const response = await callRoute(getEndpointRoute, { token: b.apiKey, params: { id: endpointA.id } });
    expectError(response, 404, "not_found");
    expect(JSON.stringify(response.body)).not.toContain(receiverA.url);
  });

  it("DELETE /api/v1/endpoints/{A's id} with B's key → 404, and A's endpoint still exists", async () => {
    const response = await callRoute(deleteEndpointRoute, { method: "DELETE", token: b.apiKey, params: { id: endpointA.id } });
    expectError(response, 404, "not_found");
    expect(await database.db.endpoint.count({ where: { tenantId: a.tenantId, id: endpointA.id } })).toBe(1);
    const stillThere = await callRoute(getEndpointRoute, { token: a.apiKey, params: { id: endpointA.id } });
    expect(stillThere.status).toBe(200);
    expect(await database.db.delivery.count({ where: { tenantId: a.tenantId, id: deliveryA.id } })).toBe(1);
  });

  it("GET /api/v1/deliveries/{A's delivery id} with B's key → 404 not_found", async () => {
    const response = await callRoute(getDeliveryRoute, { token: b.apiKey, params: { id: deliveryA.id } });
    expectError(response, 404, "not_found");
  });

  it("B's endpoint list holds B's endpoints and nothing of A's", async () => {
    const response = await callRoute(listEndpointsRoute, { path: "/api/v1/endpoints", token: b.apiKey });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(idsOf(response)).toContain(endpointB.id);
    expect(idsOf(response)).not.toContain(endpointA.id);
    expect(JSON.stringify(response.body)).not.toContain(receiverA.url);
    const rows = await database.db.endpoint.findMany({ where: { tenantId: b.tenantId }, select: { id: true } });
    expect(idsOf(response).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it("B's delivery list holds nothing of A's, also when filtered by A's endpoint id", async () => {
    const all = await callRoute(listDeliveriesRoute, { path: "/api/v1/deliveries", token: b.apiKey });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(idsOf(all)).not.toContain(deliveryA.id);
    expect((all.body.data as Array<{ event_id: string; endpoint_id: string }>).every((d) => d.endpoint_id !== endpointA.id && d.event_id !== eventA.id)).toBe(true);
    const filtered = await callRoute(listDeliveriesRoute, { path: `/api/v1/deliveries?endpoint_id=${endpointA.id}`, token: b.apiKey });
    expect(filtered.status, JSON.stringify(filtered.body)).toBe(200);
    expect(filtered.body).toEqual({ data: [], next_cursor: null });
    // The same filter with A's key does find it: the empty list above is isolation, not a broken filter.
    const own = await callRoute(listDeliveriesRoute, { path: `/api/v1/deliveries?endpoint_id=${endpointA.id}`, token: a.apiKey });
    expect(own.status).toBe(200);
    expect(idsOf(own)).toContain(deliveryA.id);
  });

  it("a service-token publish for tenant B reaches B's endpoints only, never A's", async () => {
    const event = await publish(b, "invoice.paid", { for: "B" });
    expect(event.matched_endpoints).toBe(await database.db.endpoint.count({ where: { tenantId: b.tenantId } }));
    await delivered(b, event.id, endpointB.id);
    expect(receiverB.requests.filter((r) => r.headers["webhook-id"] === event.id)).toHaveLength(1);
    // Give any wrong fan-out a moment to show up before asserting its absence.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiverA.requests.filter((r) => r.headers["webhook-id"] === event.id)).toHaveLength(0);
    expect(await database.db.delivery.count({ where: { eventId: event.id, endpointId: endpointA.id } })).toBe(0);
    expect(await database.db.delivery.count({ where: { eventId: event.id, tenantId: { not: b.tenantId } } })).toBe(0);
    const list = await callRoute(listDeliveriesRoute, { path: "/api/v1/deliveries", token: a.apiKey });
    expect((list.body.data as Array<{ event_id: string }>).map((d) => d.event_id)).not.toContain(event.id);
  });
});

describe("admin routes", () => {
  const adminCalls = [
    ["POST /api/v1/admin/tenants", createTenantRoute, { name: "Nope Inc" }],
    ["POST /api/v1/admin/service-tokens", createServiceTokenRoute, { name: "nope publisher" }],
    ["POST /api/v1/admin/event-types", createEventTypeRoute, { name: "nope.created" }],
  ] as const;

  it.each(adminCalls)("%s with a tenant API key, a service token, a wrong token or none → 401, nothing created", async (_name, route, body) => {
    const before = await Promise.all([database.db.tenant.count(), database.db.serviceToken.count(), database.db.eventType.count()]);
    for (const token of [a.apiKey, a.serviceToken, "not-the-admin-token", undefined]) {
      const response = await callRoute(route, { token, body });
      expectError(response, 401, "unauthorized");
    }
    expect(await Promise.all([database.db.tenant.count(), database.db.serviceToken.count(), database.db.eventType.count()])).toEqual(before);
  });

  it("creating a tenant → 201 {tenant:{id,name}, api_key}; the key works on GET /api/v1/event-types", async () => {
    const created = await callRoute(createTenantRoute, { token: ADMIN_TOKEN, body: { name: "Globex" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ tenant: { id: expect.stringMatching(/^ten_[0-9A-Z]{26}$/), name: "Globex" }, api_key: expect.any(String) });
    const types = await callRoute(listEventTypesRoute, { token: created.body.api_key });
    expect(types.status, JSON.stringify(types.body)).toBe(200);
    expect((types.body.data as Array<{ name: string }>).map((t) => t.name)).toEqual(expect.arrayContaining(TEST_EVENT_TYPES));
    // Its key is scoped to the new tenant: A's endpoint is invisible to it, and its own list is empty.
    expectError(await callRoute(getEndpointRoute, { token: created.body.api_key, params: { id: endpointA.id } }), 404, "not_found");
    const endpoints = await callRoute(listEndpointsRoute, { path: "/api/v1/endpoints", token: created.body.api_key });
    expect(endpoints.body).toEqual({ data: [], next_cursor: null });
    // The admin token itself is not a tenant key.
    expectError(await callRoute(listEventTypesRoute, { token: ADMIN_TOKEN }), 401, "unauthorized");
  });

  it("creating a service token → 201 {id, token}, and the token publishes", async () => {
    const created = await callRoute(createServiceTokenRoute, { token: ADMIN_TOKEN, body: { name: "billing publisher" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^stk_/), token: expect.any(String) });
    const published = await callRoute(publishRoute, { token: created.body.token, body: { tenant_id: b.tenantId, type: "ping", data: {} } });
    expect(published.status, JSON.stringify(published.body)).toBe(202);
  });

  it("creating an event type → 201; a duplicate → 409; the new type is listed for tenants", async () => {
    const created = await callRoute(createEventTypeRoute, { token: ADMIN_TOKEN, body: { name: "subscription.renewed", description: "A renewal" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^etp_/), name: "subscription.renewed", description: "A renewal" });
    expectError(await callRoute(createEventTypeRoute, { token: ADMIN_TOKEN, body: { name: "subscription.renewed" } }), 409, "conflict");
    const types = await callRoute(listEventTypesRoute, { token: b.apiKey });
    expect((types.body.data as Array<{ name: string }>).map((t) => t.name)).toContain("subscription.renewed");
  });
});

describe("endpoint validation", () => {
  it("an unknown exact event type → 422 naming event_types.<index>", async () => {
    const first = await callRoute(createEndpointRoute, { token: a.apiKey, body: { url: "https://example.com/x", event_types: ["does.not.exist"] } });
    expectError(first, 422, "unprocessable");
    expect(fieldsOf(first)).toEqual(["event_types.0"]);
    const second = await callRoute(createEndpointRoute, {
      token: a.apiKey,
      body: { url: "https://example.com/x", event_types: ["invoice.*", "invoice.paid", "nope.thing"] },
    });
    expectError(second, 422, "unprocessable");
    expect(fieldsOf(second)).toEqual(["event_types.2"]);
    expect(await database.db.endpoint.count({ where: { tenantId: a.tenantId, url: "https://example.com/x" } })).toBe(0);
  });

  it.each(["webhook-id", "Content-Type", "Webhook-Signature", "host"])("reserved custom header %s → 422 naming headers.<name>", async (name) => {
    const response = await callRoute(createEndpointRoute, {
      token: a.apiKey,
      body: { url: "https://example.com/reserved", headers: { "X-Fine": "yes", [name]: "mine" } },
    });
    expectError(response, 422, "unprocessable");
    expect(fieldsOf(response)).toEqual([`headers.${name}`]);
    expect(await database.db.endpoint.count({ where: { tenantId: a.tenantId, url: "https://example.com/reserved" } })).toBe(0);
  });

  it("the secret is in the create response only, never in get or list", async () => {
    const created = await createEndpoint(a, { url: "https://example.com/secret", event_types: ["invoice.*"] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const fetched = await callRoute(getEndpointRoute, { token: a.apiKey, params: { id: created.id } });
    expect(fetched.status).toBe(200);
    expect(fetched.body).not.toHaveProperty("secret");
    expect(JSON.stringify(fetched.body)).not.toContain(created.secret);
    const { secret: _secret, ...withoutSecret } = created;
    expect(fetched.body).toEqual(withoutSecret);
    const list = await callRoute(listEndpointsRoute, { path: "/api/v1/endpoints?limit=100", token: a.apiKey });
    expect(list.status).toBe(200);
    const listed = (list.body.data as Endpoint[]).find((e) => e.id === created.id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty("secret");
    expect(JSON.stringify(list.body)).not.toContain("whsec_");
  });
});

describe("GET /api/v1/endpoints pagination", () => {
  it("limit=2 walks every endpoint via next_cursor, newest first, without duplicates", async () => {
    const tenant = await createTenantFixture(database.db, "Paginated");
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await createEndpoint(tenant, { url: `https://example.com/p${i}` })).id);
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const response: RouteResult = await callRoute(listEndpointsRoute, { path: `/api/v1/endpoints${query}`, token: tenant.apiKey });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      pageSizes.push(response.body.data.length);
      seen.push(...idsOf(response));
      cursor = response.body.next_cursor;
      if (!cursor) break;
    }
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...created].sort().reverse());
  });

  it("exactly a full last page ends with next_cursor null", async () => {
    const tenant = await createTenantFixture(database.db, "Two endpoints");
    for (let i = 0; i < 2; i++) await createEndpoint(tenant, { url: `https://example.com/q${i}` });
    const response = await callRoute(listEndpointsRoute, { path: "/api/v1/endpoints?limit=2", token: tenant.apiKey });
    expect(response.status).toBe(200);
    expect(response.body.data).toHaveLength(2);
    expect(response.body.next_cursor).toBeNull();
  });

  it.each([
    ["a garbage cursor", "?cursor=garbage!!", "cursor"],
    ["a cursor that decodes to no id", `?cursor=${Buffer.from("not an id").toString("base64url")}`, "cursor"],
    ["limit above 100", "?limit=101", "limit"],
    ["limit 0", "?limit=0", "limit"],
    ["an unknown parameter", "?colour=red", "colour"],
  ])("%s → 422 naming the parameter", async (_name, query, field) => {
    const response = await callRoute(listEndpointsRoute, { path: `/api/v1/endpoints${query}`, token: a.apiKey });
    expectError(response, 422, "unprocessable");
    expect(fieldsOf(response)).toEqual([field]);
  });
});
