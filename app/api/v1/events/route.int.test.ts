// POST /api/v1/events (and the tRPC publisher client) against a real PostgreSQL: the accepted shape,
// the event row and its fan-out job, Idempotency-Key semantics (including a concurrent race), payload
// caps, validation, authentication and the per-tenant ingest rate limit. No worker process: only what
// the web process commits is observed.
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as trpcHandler } from "../../trpc/[trpc]/route";
import { POST as createEndpointRoute } from "../endpoints/route";
import { POST as publishRoute } from "./route";
import { webBoss } from "../../../../server/jobs/boss";
import { hashToken } from "../../../../server/lib/tokens";
import { clearAccessCaches } from "../../../../server/modules/access/access.service";
import { callRoute, type RouteResult } from "../../../../server/testing/call-route";
import { createTenantFixture, type TenantFixture } from "../../../../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../../../server/testing/test-database";
import { createPublisherClient } from "../../../../server/trpc/publisher-client";

// The limiter is created once per process from these values (publish-deps.ts), so they are set before
// the first publish. Every test uses its own tenant: buckets are per tenant, so only the rate-limit
// test ever comes near the limit.
const INGEST_RATE = 2;
const INGEST_BURST = 12;

let database: TestDatabase;
let tenantCount = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  useAsProcessDatabase(database, { INGEST_RATE_PER_SECOND: String(INGEST_RATE), INGEST_BURST: String(INGEST_BURST) });
});
afterAll(async () => {
  // The web process's enqueue-only pg-boss, started by the first publish: closed before its database goes.
  await (await webBoss(database.url)).stop({ graceful: false });
  await database?.drop();
});

function newTenant(): Promise<TenantFixture> {
  return createTenantFixture(database.db, `Publisher test tenant ${++tenantCount}`);
}

/** The 202 body of a publish, with the generated parts left open. */
function publishedShape(tenant: TenantFixture, type: string, matched: number) {
  return { id: expect.stringMatching(/^evt_[0-9A-Z]{26}$/), type, tenant_id: tenant.tenantId, timestamp: expect.any(String), matched_endpoints: matched };
}

type Published = { id: string; type: string; tenant_id: string; timestamp: string; matched_endpoints: number };

function publish(
  tenant: TenantFixture,
  body: unknown,
  options: { idempotencyKey?: string; token?: string } = {},
): Promise<RouteResult> {
  return callRoute(publishRoute, {
    path: "/api/v1/events",
    token: options.token ?? tenant.serviceToken,
    body,
    headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
  });
}

async function createEndpoint(tenant: TenantFixture, eventTypes: string[]): Promise<string> {
  const response = await callRoute(createEndpointRoute, {
    path: "/api/v1/endpoints",
    token: tenant.apiKey,
    body: { url: "https://example.com/hooks", event_types: eventTypes },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

async function fanOutJobs(eventId: string): Promise<number> {
  const rows = await database.db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM pgboss.job WHERE name = 'fan-out' AND data->>'eventId' = ${eventId}`;
  return Number(rows[0]!.count);
}

function eventsOf(tenant: TenantFixture): Promise<number> {
  return database.db.event.count({ where: { tenantId: tenant.tenantId } });
}

function expectErrorEnvelope(response: RouteResult, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(Object.keys(response.body)).toEqual(["error"]);
  expect(Object.keys(response.body.error).sort()).toEqual(["code", "details", "message", "request_id"]);
  expect(response.body.error).toMatchObject({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
  expect(response.headers.get("x-request-id")).toBe(response.body.error.request_id);
}

function fieldsOf(response: RouteResult): string[] {
  return (response.body.error.details as Array<{ field: string }>).map((d) => d.field);
}

describe("POST /api/v1/events: accepted", () => {
  it("202 with the event, matched_endpoints counting exact, prefix.* and * filters; the row and one fan-out job are committed", async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    await createEndpoint(tenant, ["invoice.paid"]);
    await createEndpoint(tenant, ["invoice.*"]);
    await createEndpoint(tenant, ["*"]);
    await createEndpoint(tenant, ["customer.*", "invoice.payment.failed"]); // does not match invoice.paid
    await createEndpoint(other, ["*"]); // another tenant's endpoint never counts
    const before = Date.now();
    const response = await publish(tenant, { tenant_id: tenant.tenantId, type: "invoice.paid", data: { amount: 4200, currency: "eur" } });
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    const event = response.body as Published;
    expect(event).toEqual(publishedShape(tenant, "invoice.paid", 3));
    expect(new Date(event.timestamp).toISOString()).toBe(event.timestamp);
    expect(Date.parse(event.timestamp)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(event.timestamp)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(response.headers.get("idempotent-replayed")).toBeNull();
    expect(response.headers.get("x-ratelimit-limit")).toBe(String(INGEST_RATE));
    expect(Number(response.headers.get("x-ratelimit-remaining"))).toBe(INGEST_BURST - 1);
    expect(response.headers.get("x-ratelimit-reset")).toMatch(/^\d+$/);

    const row = await database.db.event.findFirst({ where: { tenantId: tenant.tenantId, id: event.id } });
    expect(row).toMatchObject({ type: "invoice.paid", payload: { amount: 4200, currency: "eur" }, idempotencyKey: null });
    expect(row!.createdAt.toISOString()).toBe(event.timestamp);
    expect(await fanOutJobs(event.id)).toBe(1);
  });

  it("a deeper type is counted for its prefix.* filters but not for the exact filter of its parent", async () => {
    const tenant = await newTenant();
    await createEndpoint(tenant, ["invoice.paid"]);
    await createEndpoint(tenant, ["invoice.*"]);
    await createEndpoint(tenant, ["invoice.payment.*"]);
    const response = await publish(tenant, { tenant_id: tenant.tenantId, type: "invoice.payment.failed", data: {} });
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    expect(response.body.matched_endpoints).toBe(2);
  });

  it("0 matched endpoints still stores the event with its fan-out job", async () => {
    const tenant = await newTenant();
    const response = await publish(tenant, { tenant_id: tenant.tenantId, type: "ping", data: {} });
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    expect(response.body.matched_endpoints).toBe(0);
    expect(await eventsOf(tenant)).toBe(1);
    expect(await fanOutJobs(response.body.id)).toBe(1);
  });
});

describe("POST /api/v1/events: Idempotency-Key", () => {
  it("same key and same body → the same response (same id), idempotent-replayed: true, one event row and one job", async () => {
    const tenant = await newTenant();
    const body = { tenant_id: tenant.tenantId, type: "invoice.paid", data: { amount: 1 } };
    const first = await publish(tenant, body, { idempotencyKey: "order-1" });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const second = await publish(tenant, body, { idempotencyKey: "order-1" });
    expect(second.status, JSON.stringify(second.body)).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await eventsOf(tenant)).toBe(1);
    expect(await database.db.event.count({ where: { tenantId: tenant.tenantId, idempotencyKey: "order-1" } })).toBe(1);
    expect(await fanOutJobs(first.body.id)).toBe(1);
  });

  it("same key with a different body → 409 conflict, nothing new stored", async () => {
    const tenant = await newTenant();
    const first = await publish(tenant, { tenant_id: tenant.tenantId, type: "invoice.paid", data: { amount: 1 } }, { idempotencyKey: "order-2" });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const changedData = await publish(tenant, { tenant_id: tenant.tenantId, type: "invoice.paid", data: { amount: 2 } }, { idempotencyKey: "order-2" });
    expectErrorEnvelope(changedData, 409, "conflict");
    const changedType = await publish(tenant, { tenant_id: tenant.tenantId, type: "ping", data: { amount: 1 } }, { idempotencyKey: "order-2" });
    expectErrorEnvelope(changedType, 409, "conflict");
    expect(await eventsOf(tenant)).toBe(1);
  });

  it("the same data in another key order is the same request → replayed, not 409", async () => {
    const tenant = await newTenant();
    const first = await publish(tenant, { tenant_id: tenant.tenantId, type: "invoice.paid", data: { amount: 1, currency: "eur", meta: { a: 1, b: 2 } } }, { idempotencyKey: "order-3" });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const reordered = await publish(tenant, { data: { meta: { b: 2, a: 1 }, currency: "eur", amount: 1 }, type: "invoice.paid", tenant_id: tenant.tenantId }, { idempotencyKey: "order-3" });
    expect(reordered.status, JSON.stringify(reordered.body)).toBe(202);
    expect(reordered.body.id).toBe(first.body.id);
    expect(reordered.headers.get("idempotent-replayed")).toBe("true");
  });

  it("the same key in another tenant is independent", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const inA = await publish(a, { tenant_id: a.tenantId, type: "ping", data: { n: 1 } }, { idempotencyKey: "shared-key" });
    expect(inA.status, JSON.stringify(inA.body)).toBe(202);
    // Another body under the same key: a conflict within A, but B has never seen the key.
    const inB = await publish(b, { tenant_id: b.tenantId, type: "ping", data: { n: 2 } }, { idempotencyKey: "shared-key" });
    expect(inB.status, JSON.stringify(inB.body)).toBe(202);
    expect(inB.headers.get("idempotent-replayed")).toBeNull();
    expect(inB.body.id).not.toBe(inA.body.id);
    expect(inB.body.tenant_id).toBe(b.tenantId);
    expect(await eventsOf(a)).toBe(1);
    expect(await eventsOf(b)).toBe(1);
  });

  it("10 concurrent publishes with the same key and body → all 202 with the same id, one event row, one job", async () => {
    const tenant = await newTenant();
    const body = { tenant_id: tenant.tenantId, type: "invoice.paid", data: { amount: 99, note: "race" } };
    const responses = await Promise.all(Array.from({ length: 10 }, () => publish(tenant, body, { idempotencyKey: "race-key" })));
    for (const response of responses) expect(response.status, JSON.stringify(response.body)).toBe(202);
    const ids = new Set(responses.map((r) => r.body.id as string));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.headers.get("idempotent-replayed") !== "true")).toHaveLength(1);
    expect(await eventsOf(tenant)).toBe(1);
    expect(await fanOutJobs([...ids][0]!)).toBe(1);
  });

  it("an Idempotency-Key over 255 characters → 400 naming the header", async () => {
    const tenant = await newTenant();
    const response = await publish(tenant, { tenant_id: tenant.tenantId, type: "ping", data: {} }, { idempotencyKey: "k".repeat(256) });
    expectErrorEnvelope(response, 400, "invalid_request");
    expect(fieldsOf(response)).toEqual(["Idempotency-Key"]);
    expect(await eventsOf(tenant)).toBe(0);
  });
});

describe("POST /api/v1/events: payload limits", () => {
  it("data over 256 KiB → 413 payload_too_large, nothing stored", async () => {
    const tenant = await newTenant();
    // The raw body stays under the transport cap (payload + 4 KiB envelope), so the data check decides.
    const data = { blob: "x".repeat(256 * 1024) };
    const response = await publish(tenant, { tenant_id: tenant.tenantId, type: "ping", data });
    expectErrorEnvelope(response, 413, "payload_too_large");
    expect(await eventsOf(tenant)).toBe(0);
  });

  it("data just under 256 KiB is accepted", async () => {
    const tenant = await newTenant();
    const overhead = JSON.stringify({ blob: "" }).length;
    const data = { blob: "x".repeat(256 * 1024 - overhead) };
    const response = await publish(tenant, { tenant_id: tenant.tenantId, type: "ping", data });
    expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(202);
  });

  it("a raw body over the cap → 413 payload_too_large before parsing, nothing stored", async () => {
    const tenant = await newTenant();
    const rawBody = JSON.stringify({ tenant_id: tenant.tenantId, type: "ping", data: { blob: "y".repeat(300 * 1024) } });
    const response = await callRoute(publishRoute, { path: "/api/v1/events", token: tenant.serviceToken, rawBody });
    expectErrorEnvelope(response, 413, "payload_too_large");
    // Not even valid JSON is looked at: the cap comes first.
    const garbage = await callRoute(publishRoute, { path: "/api/v1/events", token: tenant.serviceToken, rawBody: `{${"z".repeat(300 * 1024)}` });
    expectErrorEnvelope(garbage, 413, "payload_too_large");
    expect(await eventsOf(tenant)).toBe(0);
  });
});

describe("POST /api/v1/events: validation", () => {
  it("an unregistered event type → 422 naming type", async () => {
    const tenant = await newTenant();
    const response = await publish(tenant, { tenant_id: tenant.tenantId, type: "never.registered", data: {} });
    expectErrorEnvelope(response, 422, "unprocessable");
    expect(fieldsOf(response)).toEqual(["type"]);
    expect(await eventsOf(tenant)).toBe(0);
  });

  it("an unknown tenant_id → 404 not_found", async () => {
    const tenant = await newTenant();
    const response = await publish(tenant, { tenant_id: "ten_00000000000000000000000000", type: "ping", data: {} });
    expectErrorEnvelope(response, 404, "not_found");
    expect(await database.db.event.count({ where: { tenantId: "ten_00000000000000000000000000" } })).toBe(0);
  });

  it("malformed JSON → 400 invalid_request", async () => {
    const tenant = await newTenant();
    const response = await callRoute(publishRoute, { path: "/api/v1/events", token: tenant.serviceToken, rawBody: `{"tenant_id": "${tenant.tenantId}", "type": ` });
    expectErrorEnvelope(response, 400, "invalid_request");
    expect(await eventsOf(tenant)).toBe(0);
  });

  it.each([
    ["data is a string", { data: "x" }, ["data"]],
    ["data is an array", { data: [1, 2] }, ["data"]],
    ["data is missing", { data: undefined }, ["data"]],
    ["type is a number", { type: 7 }, ["type"]],
    ["tenant_id is empty", { tenant_id: "" }, ["tenant_id"]],
    ["an unknown top-level field", { extra: true }, ["extra"]],
  ])("%s → 422 naming the field", async (_name, override, fields) => {
    const tenant = await newTenant();
    const body = { tenant_id: tenant.tenantId, type: "ping", data: {}, ...override };
    const response = await publish(tenant, body);
    expectErrorEnvelope(response, 422, "unprocessable");
    expect(fieldsOf(response)).toEqual(fields);
    expect(await eventsOf(tenant)).toBe(0);
  });
});

describe("POST /api/v1/events: authentication", () => {
  it("a missing token → 401", async () => {
    const tenant = await newTenant();
    const response = await callRoute(publishRoute, { path: "/api/v1/events", body: { tenant_id: tenant.tenantId, type: "ping", data: {} } });
    expectErrorEnvelope(response, 401, "unauthorized");
  });

  it("a bad token → 401", async () => {
    const tenant = await newTenant();
    const response = await publish(tenant, { tenant_id: tenant.tenantId, type: "ping", data: {} }, { token: "hst_not-a-real-token" });
    expectErrorEnvelope(response, 401, "unauthorized");
  });

  it("a tenant API key is not a service token → 401", async () => {
    const tenant = await newTenant();
    const response = await publish(tenant, { tenant_id: tenant.tenantId, type: "ping", data: {} }, { token: tenant.apiKey });
    expectErrorEnvelope(response, 401, "unauthorized");
    expect(await eventsOf(tenant)).toBe(0);
  });

  it("a revoked service token → 401 (once the lookup cache is cleared)", async () => {
    const tenant = await newTenant();
    const body = { tenant_id: tenant.tenantId, type: "ping", data: {} };
    const before = await publish(tenant, body);
    expect(before.status, JSON.stringify(before.body)).toBe(202);
    const revoked = await database.db.serviceToken.updateMany({ where: { tokenHash: hashToken(tenant.serviceToken) }, data: { revokedAt: new Date() } });
    expect(revoked.count).toBe(1);
    clearAccessCaches();
    const after = await publish(tenant, body);
    expectErrorEnvelope(after, 401, "unauthorized");
    expect(await eventsOf(tenant)).toBe(1);
  });
});

describe("POST /api/v1/events: ingest rate limit", () => {
  it("over the tenant's burst → 429 with Retry-After and X-RateLimit-*; another tenant is unaffected", async () => {
    const hot = await newTenant();
    const calm = await newTenant();
    const body = { tenant_id: hot.tenantId, type: "ping", data: {} };
    const responses: RouteResult[] = [];
    for (let i = 0; i < INGEST_BURST + 4; i++) responses.push(await publish(hot, body));
    const accepted = responses.filter((r) => r.status === 202);
    const limited = responses.filter((r) => r.status === 429);
    expect(accepted.length + limited.length, JSON.stringify(responses.map((r) => [r.status, r.body]))).toBe(responses.length);
    // The burst, plus whatever refilled at INGEST_RATE/s while the loop ran (well under 2 s).
    expect(accepted.length).toBeGreaterThanOrEqual(INGEST_BURST);
    expect(accepted.length).toBeLessThanOrEqual(INGEST_BURST + 2 * INGEST_RATE);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(responses.slice(0, INGEST_BURST).every((r) => r.status === 202)).toBe(true);
    for (const response of accepted) {
      expect(response.headers.get("x-ratelimit-limit")).toBe(String(INGEST_RATE));
      expect(response.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
      expect(response.headers.get("x-ratelimit-reset")).toMatch(/^\d+$/);
    }
    const remaining = accepted.map((r) => Number(r.headers.get("x-ratelimit-remaining")));
    expect(remaining[0]).toBe(INGEST_BURST - 1);
    const tooMany = limited[0]!;
    expectErrorEnvelope(tooMany, 429, "rate_limited");
    expect(Number(tooMany.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(tooMany.headers.get("retry-after"))).toBeLessThanOrEqual(Math.ceil(1 / INGEST_RATE));
    expect(tooMany.headers.get("x-ratelimit-limit")).toBe(String(INGEST_RATE));
    expect(tooMany.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(tooMany.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(1);
    expect(await eventsOf(hot)).toBe(accepted.length);

    const other = await publish(calm, { tenant_id: calm.tenantId, type: "ping", data: {} });
    expect(other.status, JSON.stringify(other.body)).toBe(202);
    expect(other.headers.get("x-ratelimit-remaining")).toBe(String(INGEST_BURST - 1));
  });
});

describe("tRPC events.publish through the typed publisher client", () => {
  const routedFetch: typeof fetch = (input, init) => trpcHandler(new Request(input, init));

  it("over the tenant's burst → TOO_MANY_REQUESTS, with Retry-After and X-RateLimit-* on the response", async () => {
    const tenant = await newTenant();
    let lastResponse: Response | undefined;
    const recordingFetch: typeof fetch = async (input, init) => (lastResponse = await routedFetch(input, init));
    const client = createPublisherClient({ url: "http://hookline.test/", serviceToken: tenant.serviceToken, fetch: recordingFetch });
    let refused: unknown;
    for (let i = 0; i < INGEST_BURST + 2 && !refused; i++)
      await client.events.publish.mutate({ tenant_id: tenant.tenantId, type: "ping", data: { i } }).catch((error: unknown) => (refused = error));
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<never>).data).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429 });
    expect(lastResponse!.status).toBe(429);
    expect(Number(lastResponse!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(lastResponse!.headers.get("x-ratelimit-limit")).toBe(String(INGEST_RATE));
  });

  it("publishes and returns the same shape as REST; the idempotency key replays", async () => {
    const tenant = await newTenant();
    await createEndpoint(tenant, ["invoice.*"]);
    const client = createPublisherClient({ url: "http://hookline.test/", serviceToken: tenant.serviceToken, fetch: routedFetch });
    const input = { tenant_id: tenant.tenantId, type: "invoice.paid", data: { amount: 5 }, idempotency_key: "trpc-1" };
    const event = await client.events.publish.mutate(input);
    expect(event).toEqual(publishedShape(tenant, "invoice.paid", 1));
    expect(await fanOutJobs(event.id)).toBe(1);
    const again = await client.events.publish.mutate(input);
    expect(again).toEqual(event);
    // The key is shared with REST: the same request there replays the same event.
    const rest = await publish(tenant, { tenant_id: tenant.tenantId, type: "invoice.paid", data: { amount: 5 } }, { idempotencyKey: "trpc-1" });
    expect(rest.status, JSON.stringify(rest.body)).toBe(202);
    expect(rest.body).toEqual(event);
    expect(await eventsOf(tenant)).toBe(1);
  });

  it("a bad token → TRPCClientError with code UNAUTHORIZED", async () => {
    const tenant = await newTenant();
    const client = createPublisherClient({ url: "http://hookline.test", serviceToken: "not-a-service-token", fetch: routedFetch });
    const error = await client.events.publish.mutate({ tenant_id: tenant.tenantId, type: "ping", data: {} }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    const clientError = error as TRPCClientError<never>;
    expect(clientError.data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401, appCode: "unauthorized" });
    expect(await eventsOf(tenant)).toBe(0);
  });

  it("data over 256 KiB → PAYLOAD_TOO_LARGE, nothing stored", async () => {
    const tenant = await newTenant();
    const client = createPublisherClient({ url: "http://hookline.test", serviceToken: tenant.serviceToken, fetch: routedFetch });
    const error = await client.events.publish.mutate({ tenant_id: tenant.tenantId, type: "ping", data: { blob: "x".repeat(256 * 1024) } }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<never>).data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", httpStatus: 413, appCode: "payload_too_large" });
    expect(await eventsOf(tenant)).toBe(0);
  });

  it("an unregistered type → UNPROCESSABLE_CONTENT with the field in details", async () => {
    const tenant = await newTenant();
    const client = createPublisherClient({ url: "http://hookline.test", serviceToken: tenant.serviceToken, fetch: routedFetch });
    const error = await client.events.publish.mutate({ tenant_id: tenant.tenantId, type: "never.registered", data: {} }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<never>).data).toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      appCode: "unprocessable",
      details: [{ field: "type", message: expect.any(String) }],
    });
  });
});
