// POST /api/v1/endpoints/{id}/test end to end: the real route, PostgreSQL, worker and loopback receiver.
// The test event is a real event row with one delivery, sent signed through the normal pipeline to
// this endpoint only; the type is the requested one (registered and subscribed) or the first the
// endpoint's filters match; its data is the type's schema example or a small default.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as testRoute } from "./[id]/test/route";
import { GET as getDeliveryRoute } from "../deliveries/[id]/route";
import { GET as listEventsRoute } from "../events/route";
import { webBoss } from "../../../../server/jobs/boss";
import { DEFAULT_TEST_DATA } from "../../../../server/modules/endpoints/endpoint-test-event.service";
import { createEventType } from "../../../../server/modules/event-types/event-type.service";
import { callRoute, type RouteResult } from "../../../../server/testing/call-route";
import { type IsolationStack, startIsolationStack } from "../../../../server/testing/isolation-stack";
import { type ReceivedRequest, type Receiver, startReceiver } from "../../../../server/testing/receiver";
import { createTenantFixture, type TenantFixture } from "../../../../server/testing/tenant-fixture";
import { waitFor } from "../../../../server/testing/wait-for";

const ORDER_EXAMPLE = { order_id: "ord_123", total_cents: 4_200, currency: "EUR" };
let stack: IsolationStack;
let receiver: Receiver;
let other: TenantFixture;

beforeAll(async () => {
  stack = await startIsolationStack({ RETRY_SCHEDULE: "1s,1s", RETRY_JITTER: "0" });
  receiver = await startReceiver();
  other = await createTenantFixture(stack.database.db, "Other tenant");
  await createEventType(stack.database.db, { name: "order.created", description: "", schema: { type: "object", examples: [ORDER_EXAMPLE, { order_id: "second" }] } });
  await createEventType(stack.database.db, { name: "order.refunded", description: "", schema: { type: "object", examples: ["not an object"] } });
});
afterAll(async () => {
  await receiver?.close();
  // The web process's enqueue-only pg-boss (started by the test route): closed before its database goes.
  await (await webBoss(stack.database.url)).stop({ graceful: false });
  await stack?.close();
});

const sendTest = (id: string, body?: unknown, token = stack.tenant.apiKey) => callRoute(testRoute, { method: "POST", token, params: { id }, body });

async function sent(id: string, body?: unknown): Promise<{ event_id: string; delivery_id: string }> {
  const response = await sendTest(id, body);
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  expect(Object.keys(response.body).sort()).toEqual(["delivery_id", "event_id"]);
  return response.body;
}

async function received(path: string, eventId: string): Promise<ReceivedRequest> {
  return waitFor(async () => receiver.requests.find((r) => r.path === path && r.headers["webhook-id"] === eventId), { what: `the test event at ${path}` });
}

function expectTypeError(response: RouteResult, message: RegExp): void {
  expect(response.status, JSON.stringify(response.body)).toBe(422);
  expect(response.body.error.code).toBe("unprocessable");
  expect(response.body.error.details).toEqual([{ field: "type", message: expect.stringMatching(message) }]);
}

const deliveriesOf = (eventId: string) => stack.query<{ endpoint_id: string }>(`SELECT endpoint_id FROM deliveries WHERE event_id = $1`, eventId);

describe("sending a test event", () => {
  it("delivers a signed event of the chosen type to this endpoint only, through the normal pipeline", async () => {
    const target = await stack.endpoint(`${receiver.url}/target`, { event_types: ["invoice.*"] });
    const everything = await stack.endpoint(`${receiver.url}/everything`, { event_types: ["*"] });
    await stack.endpoint(`${receiver.url}/exact`, { event_types: ["invoice.paid"] });

    const { event_id, delivery_id } = await sent(target.id, { type: "invoice.paid" });
    expect(event_id).toMatch(/^evt_/);
    expect(delivery_id).toMatch(/^dlv_/);
    const request = await received("/target", event_id);
    expect(request.headers["webhook-id"]).toBe(event_id);
    const body = new Webhook(target.secret).verify(request.body, request.headers as Record<string, string>) as Record<string, unknown>;
    expect(body).toEqual({ id: event_id, type: "invoice.paid", timestamp: expect.any(String), data: DEFAULT_TEST_DATA });
    expect(() => new Webhook(everything.secret).verify(request.body, request.headers as Record<string, string>)).toThrow();

    const delivery = await waitFor(async () => {
      const response = await callRoute(getDeliveryRoute, { token: stack.tenant.apiKey, params: { id: delivery_id } });
      return response.body?.status === "delivered" ? response.body : null;
    }, { what: "the test delivery to be delivered" });
    expect(delivery).toMatchObject({ id: delivery_id, event_id, endpoint_id: target.id, status: "delivered" });
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ trigger: "initial", response_status: 200 });

    // A real event row like any other, with exactly one delivery: the other subscribed endpoints get nothing.
    const [event] = await stack.query<{ type: string; payload: unknown; tenant_id: string }>(`SELECT type, payload, tenant_id FROM events WHERE id = $1`, event_id);
    expect(event).toEqual({ type: "invoice.paid", payload: DEFAULT_TEST_DATA, tenant_id: stack.tenant.tenantId });
    expect(await deliveriesOf(event_id)).toEqual([{ endpoint_id: target.id }]);
    const listed = await callRoute(listEventsRoute, { token: stack.tenant.apiKey, path: "/api/v1/events?type=invoice.paid" });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.data.map((e: { id: string }) => e.id)).toContain(event_id);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.requests.filter((r) => r.headers["webhook-id"] === event_id).map((r) => r.path)).toEqual(["/target"]);
    expect(receiver.requests.filter((r) => ["/everything", "/exact"].includes(r.path))).toEqual([]);
  }, 30_000);

  it("without a type: the first registered type (by name) the filters match; data is the schema's first example", async () => {
    const orders = await stack.endpoint(`${receiver.url}/orders`, { event_types: ["order.*"] });
    const first = await sent(orders.id);
    const body = JSON.parse((await received("/orders", first.event_id)).body);
    expect(body).toMatchObject({ type: "order.created", data: ORDER_EXAMPLE });

    // An example that is not an object cannot be event data: the default is sent instead.
    const refunded = await sent(orders.id, { type: "order.refunded" });
    expect(JSON.parse((await received("/orders", refunded.event_id)).body)).toMatchObject({ type: "order.refunded", data: DEFAULT_TEST_DATA });

    // "*" matches every type: customer.created is first by name.
    const all = await stack.endpoint(`${receiver.url}/all`, { event_types: ["*"] });
    const chosen = await sent(all.id, {});
    expect(JSON.parse((await received("/all", chosen.event_id)).body).type).toBe("customer.created");
  }, 30_000);
});

describe("refusals", () => {
  it("422 naming type: not subscribed, not registered, or no registered type matches the filters", async () => {
    const exact = await stack.endpoint("https://example.com/only-paid", { event_types: ["invoice.paid"] });
    expectTypeError(await sendTest(exact.id, { type: "customer.created" }), /does not match this endpoint's event_types \(invoice\.paid\)/);
    expectTypeError(await sendTest(exact.id, { type: "nope.never" }), /not a registered event type/);
    const unmatched = await stack.endpoint("https://example.com/billing", { event_types: ["billing.*"] });
    const response = await sendTest(unmatched.id);
    expectTypeError(response, /no registered event type matches/);
    expect(response.body.error.message).toMatch(/PATCH event_types/);
    expect(await stack.query(`SELECT 1 FROM deliveries WHERE endpoint_id IN ($1, $2)`, exact.id, unmatched.id)).toEqual([]);
  });

  it("a disabled endpoint → 409 saying to enable it first", async () => {
    const disabled = await stack.endpoint("https://example.com/disabled", { enabled: false });
    const response = await sendTest(disabled.id, { type: "ping" });
    expect(response.status, JSON.stringify(response.body)).toBe(409);
    expect(response.body.error).toMatchObject({ code: "conflict", message: expect.stringMatching(/disabled.*enable it first/) });
  });

  it("unknown fields and wrong types → 422; another tenant's or an unknown id → 404; no key → 401", async () => {
    const endpoint = await stack.endpoint("https://example.com/refusals", { event_types: ["ping"] });
    const unknownField = await sendTest(endpoint.id, { type: "ping", extra: 1 });
    expect(unknownField.status).toBe(422);
    expect(unknownField.body.error.details.map((d: { field: string }) => d.field)).toEqual(["extra"]);
    expect((await sendTest(endpoint.id, { type: 7 })).body.error.details[0].field).toBe("type");
    const foreign = await sendTest(endpoint.id, { type: "ping" }, other.apiKey);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    expect((await sendTest("ep_01JZZZZZZZZZZZZZZZZZZZZZZZ")).status).toBe(404);
    expect((await callRoute(testRoute, { method: "POST", params: { id: endpoint.id } })).status).toBe(401);
    expect(await stack.query(`SELECT 1 FROM deliveries WHERE endpoint_id = $1`, endpoint.id)).toEqual([]);
  });
});
