// Reading through the real route handlers: the events list and its filters, an event with its
// deliveries, the deliveries list filters and a delivery's attempt timeline. The deliveries are made by
// the real worker delivering to loopback receivers (one that accepts, one that answers 500) and by a
// disabled endpoint (held); the retry schedule is long, so the failing one stays `retrying`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getEventRoute } from "./[id]/route";
import { GET as listEventsRoute, POST as publishRoute } from "./route";
import { GET as getDeliveryRoute } from "../deliveries/[id]/route";
import { GET as listDeliveriesRoute } from "../deliveries/route";
import { POST as createEndpointRoute } from "../endpoints/route";
import { webBoss } from "../../../../server/jobs/boss";
import { callRoute, type RouteResult } from "../../../../server/testing/call-route";
import { type Receiver, startReceiver, status } from "../../../../server/testing/receiver";
import { createTenantFixture, type TenantFixture } from "../../../../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../../../server/testing/test-database";
import { waitFor } from "../../../../server/testing/wait-for";
import { startWorkerProcess, type WorkerProcess } from "../../../../server/testing/worker-process";

type Published = { id: string; type: string; timestamp: string };
type Delivery = { id: string; event_id: string; endpoint_id: string; status: string; created_at: string } & Record<string, unknown>;

let database: TestDatabase;
let worker: WorkerProcess;
let okReceiver: Receiver;
let failingReceiver: Receiver;
let tenant: TenantFixture;
let other: TenantFixture;
let endpoints: { ok: string; failing: string; disabled: string };
/** e[0] oldest … e[4] newest, at distinct milliseconds. */
let e: Published[];
let othersEvent: Published;

beforeAll(async () => {
  database = await createTestDatabase();
  useAsProcessDatabase(database, { HOOKLINE_ALLOW_PRIVATE_TARGETS: "1" });
  tenant = await createTenantFixture(database.db, "Reader");
  other = await createTenantFixture(database.db, "Other reader");
  okReceiver = await startReceiver();
  failingReceiver = await startReceiver(status(500));
  worker = await startWorkerProcess({ DATABASE_URL: database.url, HOOKLINE_ALLOW_PRIVATE_TARGETS: "1", RETRY_SCHEDULE: "1h" });
  endpoints = {
    ok: await createEndpoint(tenant, { url: okReceiver.url, event_types: ["*"] }),
    failing: await createEndpoint(tenant, { url: failingReceiver.url, event_types: ["invoice.payment.failed"] }),
    disabled: await createEndpoint(tenant, { url: okReceiver.url, event_types: ["customer.*"], enabled: false }),
  };
  await createEndpoint(other, { url: okReceiver.url, event_types: ["*"] });
  e = [];
  for (const type of ["invoice.paid", "customer.created", "invoice.payment.failed", "ping", "invoice.paid"]) {
    e.push(await publish(tenant, type, { n: e.length }));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  othersEvent = await publish(other, "invoice.paid", { secret: "other tenant" });
  await waitFor(async () => {
    const rows = await database.db.delivery.findMany({ where: { tenantId: tenant.tenantId } });
    const settled = rows.filter((d) => d.status === "delivered" || d.status === "held" || (d.status === "retrying" && d.attemptCount === 1));
    return rows.length === 7 && settled.length === 7;
  }, { what: "5 delivered, 1 retrying and 1 held delivery" });
});
afterAll(async () => {
  await worker?.stop();
  await Promise.all([okReceiver?.close(), failingReceiver?.close()]);
  await (await webBoss(database.url)).stop({ graceful: false });
  await database?.drop();
});

async function createEndpoint(owner: TenantFixture, body: Record<string, unknown>): Promise<string> {
  const response = await callRoute(createEndpointRoute, { token: owner.apiKey, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

async function publish(owner: TenantFixture, type: string, data: Record<string, unknown>): Promise<Published> {
  const response = await callRoute(publishRoute, { token: owner.serviceToken, body: { tenant_id: owner.tenantId, type, data } });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body;
}

type Route = Parameters<typeof callRoute>[0];

async function get(route: Route, path: string, token = tenant.apiKey): Promise<RouteResult> {
  return callRoute(route, { path, token });
}

async function ids(route: Route, path: string): Promise<string[]> {
  const response = await get(route, path);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body.data as Array<{ id: string }>).map((row) => row.id);
}

/** Event ids, newest first, of the published events at these indexes. */
const newestFirst = (...indexes: number[]) => indexes.sort((a, b) => b - a).map((i) => e[i]!.id);

function expect422(response: RouteResult, field: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(422);
  expect(response.body.error).toMatchObject({ code: "unprocessable", request_id: expect.stringMatching(/^req_/) });
  expect((response.body.error.details as Array<{ field: string }>).map((d) => d.field)).toEqual([field]);
}

/** The same instant written with a +02:00 offset: offsets are honoured, not ignored. */
function withOffset(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 2 * 3600_000).toISOString();
  return encodeURIComponent(shifted.replace("Z", "+02:00"));
}

describe("GET /api/v1/events", () => {
  it("lists the tenant's events newest first as {id, type, created_at}, without payloads", async () => {
    const response = await get(listEventsRoute, "/api/v1/events");
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      data: [...e].reverse().map((event) => ({ id: event.id, type: event.type, created_at: event.timestamp })),
      next_cursor: null,
    });
    expect(JSON.stringify(response.body)).not.toContain(othersEvent.id);
  });

  it.each([
    ["invoice.paid", [0, 4]],
    ["invoice.*", [0, 2, 4]],
    ["invoice.payment.*", [2]],
    ["customer.created", [1]],
    ["*", [0, 1, 2, 3, 4]],
    ["subscription.renewed", []],
  ])("type=%s (exact or wildcard)", async (type, expected) => {
    expect(await ids(listEventsRoute, `/api/v1/events?type=${encodeURIComponent(type)}`)).toEqual(newestFirst(...expected));
  });

  it("since is inclusive and until exclusive, on created_at, with any offset", async () => {
    expect(await ids(listEventsRoute, `/api/v1/events?since=${e[1]!.timestamp}&until=${e[3]!.timestamp}`)).toEqual(newestFirst(1, 2));
    expect(await ids(listEventsRoute, `/api/v1/events?since=${withOffset(e[1]!.timestamp)}&until=${withOffset(e[3]!.timestamp)}`)).toEqual(newestFirst(1, 2));
    expect(await ids(listEventsRoute, `/api/v1/events?since=${e[3]!.timestamp}`)).toEqual(newestFirst(3, 4));
    expect(await ids(listEventsRoute, `/api/v1/events?until=${e[1]!.timestamp}`)).toEqual(newestFirst(0));
    expect(await ids(listEventsRoute, `/api/v1/events?type=invoice.*&since=${e[1]!.timestamp}`)).toEqual(newestFirst(2, 4));
    // Instants outside what ids can encode are clamped, not a 500.
    expect(await ids(listEventsRoute, "/api/v1/events?since=0001-01-01T00:00:00Z&until=9999-12-31T23:59:59Z")).toEqual(newestFirst(0, 1, 2, 3, 4));
  });

  it("pages with limit and cursor, filters kept", async () => {
    const first = await get(listEventsRoute, "/api/v1/events?type=invoice.*&limit=2");
    expect(first.body.data.map((row: { id: string }) => row.id)).toEqual(newestFirst(2, 4));
    const second = await get(listEventsRoute, `/api/v1/events?type=invoice.*&limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body).toEqual({ data: [expect.objectContaining({ id: e[0]!.id })], next_cursor: null });
  });

  it.each([
    ["since=yesterday", "since"],
    ["since=2026-11-26T10:00:00", "since"], // no offset
    ["since=2026-11-26T10:00:00Z&until=2026-11-26T09:00:00Z", "until"],
    ["since=2026-11-26T10:00:00Z&until=2026-11-26T12:00:00%2B02:00", "until"], // the same instant
    ["type=invoice*", "type"],
    ["type=Invoice.Paid", "type"],
    ["cursor=not-a-cursor", "cursor"],
    [`cursor=${Buffer.from("evt_1234").toString("base64url")}`, "cursor"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["event_type=invoice.paid", "event_type"], // the deliveries list's name, not this one's
    ["data=1", "data"],
  ])("%s → 422 naming %s", async (query, field) => {
    expect422(await get(listEventsRoute, `/api/v1/events?${query}`), field);
  });

  it("needs a tenant API key: a service token → 401", async () => {
    const response = await get(listEventsRoute, "/api/v1/events", tenant.serviceToken);
    expect(response.status).toBe(401);
  });
});

describe("GET /api/v1/events/{id}", () => {
  it("has the payload and the event's deliveries, each as GET /api/v1/deliveries/{id} shows it", async () => {
    const event = e[2]!; // invoice.payment.failed: the ok and the failing endpoint
    const response = await callRoute(getEventRoute, { token: tenant.apiKey, params: { id: event.id } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { deliveries, ...rest } = response.body as { deliveries: Delivery[] };
    expect(rest).toEqual({ id: event.id, type: "invoice.payment.failed", created_at: event.timestamp, data: { n: 2 }, deliveries_next_cursor: null });
    expect(deliveries.map((d) => [d.endpoint_id, d.status]).sort()).toEqual(
      [[endpoints.ok, "delivered"], [endpoints.failing, "retrying"]].sort(),
    );
    expect(deliveries.map((d) => d.id)).toEqual(deliveries.map((d) => d.id).sort().reverse());
    for (const delivery of deliveries) {
      const detail = await callRoute(getDeliveryRoute, { token: tenant.apiKey, params: { id: delivery.id } });
      const { attempts: _attempts, ...withoutAttempts } = detail.body;
      expect(delivery).toEqual(withoutAttempts);
    }
  });

  it("another tenant's event, an unknown id and a malformed id → 404", async () => {
    for (const [id, token] of [
      [othersEvent.id, tenant.apiKey],
      [e[0]!.id, other.apiKey],
      [`evt_${"0".repeat(26)}`, tenant.apiKey],
      ["not-an-id", tenant.apiKey],
    ] as const) {
      const response = await callRoute(getEventRoute, { token, params: { id } });
      expect(response.status, id).toBe(404);
      expect(response.body.error.code).toBe("not_found");
      expect(JSON.stringify(response.body)).not.toContain("other tenant");
    }
  });
});

describe("GET /api/v1/deliveries filters", () => {
  let all: Delivery[];
  beforeAll(async () => {
    all = (await get(listDeliveriesRoute, "/api/v1/deliveries")).body.data;
    expect(all).toHaveLength(7);
  });
  const where = (keep: (d: Delivery) => boolean) => all.filter(keep).map((d) => d.id);

  it.each([
    ["status=retrying", (d: Delivery) => d.status === "retrying"],
    ["status=held,retrying", (d: Delivery) => d.status === "held" || d.status === "retrying"],
    ["status=delivered,failed,delivered", (d: Delivery) => d.status === "delivered"],
    ["event_type=invoice.*", (d: Delivery) => [e[0]!.id, e[2]!.id, e[4]!.id].includes(d.event_id)],
    ["event_type=customer.created", (d: Delivery) => d.event_id === e[1]!.id],
    ["status=delivered&event_type=invoice.payment.failed", (d: Delivery) => d.status === "delivered" && d.event_id === e[2]!.id],
  ])("%s", async (query, keep) => {
    const expected = where(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(await ids(listDeliveriesRoute, `/api/v1/deliveries?${query}`)).toEqual(expected);
  });

  it("endpoint_id, event_id, and both with a status list", async () => {
    expect(await ids(listDeliveriesRoute, `/api/v1/deliveries?endpoint_id=${endpoints.ok}`)).toEqual(where((d) => d.endpoint_id === endpoints.ok));
    expect(await ids(listDeliveriesRoute, `/api/v1/deliveries?event_id=${e[2]!.id}`)).toEqual(where((d) => d.event_id === e[2]!.id));
    expect(await ids(listDeliveriesRoute, `/api/v1/deliveries?endpoint_id=${endpoints.failing}&status=failed,retrying`)).toEqual(
      where((d) => d.endpoint_id === endpoints.failing),
    );
    expect(await ids(listDeliveriesRoute, `/api/v1/deliveries?endpoint_id=${endpoints.disabled}&status=delivered`)).toEqual([]);
  });

  it("since (inclusive) and until (exclusive) on created_at", async () => {
    const times = [...new Set(all.map((d) => d.created_at))].sort();
    expect(times.length).toBeGreaterThanOrEqual(2);
    const [since, until] = [times[1]!, times.at(-1)!];
    expect(await ids(listDeliveriesRoute, `/api/v1/deliveries?since=${since}&until=${until}`)).toEqual(
      where((d) => d.created_at >= since && d.created_at < until),
    );
    expect(await ids(listDeliveriesRoute, `/api/v1/deliveries?since=${withOffset(until)}`)).toEqual(where((d) => d.created_at >= until));
    expect(await ids(listDeliveriesRoute, "/api/v1/deliveries?since=0001-01-01T00:00:00Z&until=9999-12-31T23:59:59Z")).toEqual(where(() => true));
  });

  it.each([
    ["status=bogus", "status"],
    ["status=delivered,bogus", "status"],
    ["status=", "status"],
    ["event_type=invoice*", "event_type"],
    ["until=2026-13-01T00:00:00Z", "until"],
    ["cursor=%%%", "cursor"],
    ["type=invoice.paid", "type"],
  ])("%s → 422 naming %s", async (query, field) => {
    expect422(await get(listDeliveriesRoute, `/api/v1/deliveries?${query}`), field);
  });
});

describe("GET /api/v1/deliveries/{id}", () => {
  it("a retrying delivery: next_attempt_at ahead, and its attempt with trigger, timing, response and error", async () => {
    const [retrying] = (await get(listDeliveriesRoute, "/api/v1/deliveries?status=retrying")).body.data as Delivery[];
    const response = await callRoute(getDeliveryRoute, { token: tenant.apiKey, params: { id: retrying!.id } });
    expect(response.status).toBe(200);
    expect(Date.parse(response.body.next_attempt_at)).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(response.body).toMatchObject({ status: "retrying", attempt_count: 1, last_response_status: 500, delivered_at: null });
    const [attempt, ...more] = response.body.attempts;
    expect(more).toEqual([]);
    expect(Object.keys(attempt).sort()).toEqual(
      ["attempt_number", "duration_ms", "error", "id", "request_headers", "response_body", "response_headers", "response_status", "started_at", "trigger"],
    );
    expect(attempt).toMatchObject({
      trigger: "initial",
      attempt_number: 1,
      response_status: 500,
      response_body: "status 500",
      error: { kind: "http_status", message: expect.any(String) },
    });
    expect(new Date(attempt.started_at).toISOString()).toBe(attempt.started_at);
    expect(attempt.duration_ms).toEqual(expect.any(Number));
  });

  it("delivered and held deliveries show no next_attempt_at", async () => {
    for (const wanted of ["delivered", "held"]) {
      const [delivery] = (await get(listDeliveriesRoute, `/api/v1/deliveries?status=${wanted}&limit=1`)).body.data as Delivery[];
      expect(delivery).toMatchObject({ status: wanted, next_attempt_at: null });
      const detail = await callRoute(getDeliveryRoute, { token: tenant.apiKey, params: { id: delivery!.id } });
      expect(detail.body).toMatchObject({ status: wanted, next_attempt_at: null });
      expect(detail.body.attempts).toHaveLength(wanted === "delivered" ? 1 : 0);
    }
  });
});
