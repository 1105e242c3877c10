// PATCH /api/v1/endpoints/{id} through the real route on a real PostgreSQL, with the real worker and a
// loopback receiver: validation like create (field named, nothing changed), a partial update, disabling
// (the worker holds the endpoint's deliveries, queued ones included) and enabling (exactly like POST
// …/enable: recovery ramp and held deliveries released), and 404 across tenants.
// The web process runs WITHOUT HOOKLINE_ALLOW_PRIVATE_TARGETS (so http and loopback URLs are refused);
// the loopback endpoint is created through the service with private targets allowed, as the worker is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getEndpointRoute, PATCH as patchRoute } from "./[id]/route";
import { POST as createEndpointRoute } from "./route";
import { webBoss } from "../../../../server/jobs/boss";
import { QUEUE } from "../../../../server/jobs/queues";
import { createEndpoint } from "../../../../server/modules/endpoints/endpoint.service";
import { createEndpointSchema } from "../../../../server/modules/endpoints/endpoint.schemas";
import { callRoute, type RouteResult } from "../../../../server/testing/call-route";
import { type Publisher, startPublisher } from "../../../../server/testing/publisher";
import { type Receiver, startReceiver } from "../../../../server/testing/receiver";
import { createTenantFixture, type TenantFixture } from "../../../../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../../../server/testing/test-database";
import { waitFor } from "../../../../server/testing/wait-for";
import { startWorkerProcess, type WorkerProcess } from "../../../../server/testing/worker-process";

let database: TestDatabase;
let worker: WorkerProcess;
let publisher: Publisher;
let receiver: Receiver;
let a: TenantFixture;
let b: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  useAsProcessDatabase(database, { RECOVERY_RAMP_TAU: "1s" });
  a = await createTenantFixture(database.db, "Tenant A");
  b = await createTenantFixture(database.db, "Tenant B");
  publisher = await startPublisher(database.db, database.url);
  receiver = await startReceiver();
  worker = await startWorkerProcess({ DATABASE_URL: database.url, HOOKLINE_ALLOW_PRIVATE_TARGETS: "1", RECOVERY_RAMP_TAU: "1s", RETRY_SCHEDULE: "1s,1s", RETRY_JITTER: "0" });
});
afterAll(async () => {
  await worker?.stop();
  await publisher?.stop();
  await receiver?.close();
  await (await webBoss(database.url)).stop({ graceful: false });
  await database?.drop();
});

async function createViaRoute(tenant: TenantFixture, body: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string }> {
  const response = await callRoute(createEndpointRoute, { token: tenant.apiKey, body: { url: "https://example.com/hooks", event_types: ["customer.created"], ...body } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const { secret: _secret, ...resource } = response.body;
  return resource;
}

const patch = (id: string, body: unknown, tenant: TenantFixture = a) => callRoute(patchRoute, { method: "PATCH", token: tenant.apiKey, params: { id }, body });
const get = (id: string, tenant: TenantFixture = a) => callRoute(getEndpointRoute, { token: tenant.apiKey, params: { id } });

function expectFieldError(response: RouteResult, field: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(422);
  expect(response.body.error).toMatchObject({ code: "unprocessable", request_id: expect.stringMatching(/^req_/) });
  expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
}

describe("validation (like create)", () => {
  it.each([
    ["an unknown field", { colour: "blue" }, "colour"],
    ["a non-URL", { url: "not a url" }, "url"],
    ["a non-http scheme", { url: "ftp://example.com/x" }, "url"],
    ["plain http without private targets allowed", { url: "http://example.com/hooks" }, "url"],
    ["a loopback target", { url: "https://127.0.0.1/hooks" }, "url"],
    ["localhost", { url: "https://localhost/hooks" }, "url"],
    ["an unregistered event type", { event_types: ["nope.never"] }, "event_types.0"],
    ["a malformed filter", { event_types: ["invoice.*", "inv*ce"] }, "event_types.1"],
    ["no filters", { event_types: [] }, "event_types"],
    ["a reserved header", { headers: { Host: "evil.example" } }, "headers.Host"],
    ["a webhook-* header", { headers: { "webhook-signature": "x" } }, "headers.webhook-signature"],
    ["an invalid header name", { headers: { "bad name": "x" } }, "headers.bad name"],
    ["timeout below 1 s", { timeout_ms: 999 }, "timeout_ms"],
    ["timeout above 30 s", { timeout_ms: 30_001 }, "timeout_ms"],
    ["a zero rate limit", { rate_limit_per_second: 0 }, "rate_limit_per_second"],
    ["a fractional rate limit", { rate_limit_per_second: 1.5 }, "rate_limit_per_second"],
    ["concurrency 0", { max_concurrency: 0 }, "max_concurrency"],
    ["concurrency above 100", { max_concurrency: 101 }, "max_concurrency"],
    ["a wrong type", { enabled: "yes" }, "enabled"],
    ["null description", { description: null }, "description"],
    ["an empty body", {}, "body"],
  ])("refuses %s with 422 naming the field, and changes nothing", async (_name, body, field) => {
    const endpoint = await createViaRoute(a);
    expectFieldError(await patch(endpoint.id, body), field);
    expect((await get(endpoint.id)).body).toEqual(endpoint);
  });

  it("says what an empty body is missing; malformed JSON is 400", async () => {
    const endpoint = await createViaRoute(a);
    expect((await patch(endpoint.id, {})).body.error.message).toMatch(/nothing to update.*url.*headers/);
    const malformed = await callRoute(patchRoute, { method: "PATCH", token: a.apiKey, params: { id: endpoint.id }, rawBody: "{\"url\":" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("invalid_request");
  });
});

describe("updating", () => {
  it("changes only the given fields and returns the endpoint resource (no secret)", async () => {
    const endpoint = await createViaRoute(a, { description: "before", rate_limit_per_second: 50, headers: { "X-Team": "billing" } });
    const response = await patch(endpoint.id, {
      url: "https://example.com/new-hooks",
      event_types: ["invoice.*", "ping", "invoice.*"],
      timeout_ms: 5_000,
      max_concurrency: 3,
      headers: { "X-Team": "payments", Authorization: "Bearer abc" },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      ...endpoint,
      url: "https://example.com/new-hooks",
      event_types: ["invoice.*", "ping"],
      timeout_ms: 5_000,
      max_concurrency: 3,
      headers: { "X-Team": "payments", Authorization: "Bearer abc" },
      updated_at: expect.any(String),
    });
    expect(Date.parse(response.body.updated_at)).toBeGreaterThan(Date.parse(endpoint.updated_at as string));
    expect(response.body).not.toHaveProperty("secret");
    expect((await get(endpoint.id)).body).toEqual(response.body);

    // rate_limit_per_second: null removes the limit; description alone leaves the rest.
    const cleared = await patch(endpoint.id, { rate_limit_per_second: null, description: "after" });
    expect(cleared.body).toMatchObject({ rate_limit_per_second: null, description: "after", url: "https://example.com/new-hooks", max_concurrency: 3 });
  });

  it("enabled: false on an endpoint already disabled keeps its reason and time", async () => {
    const endpoint = await createViaRoute(a);
    const disabledAt = new Date(Date.now() - 3_600_000);
    await database.db.endpoint.update({ where: { tenantId_id: { tenantId: a.tenantId, id: endpoint.id } }, data: { enabled: false, disabledReason: "failing", disabledAt } });
    const response = await patch(endpoint.id, { enabled: false });
    expect(response.body).toMatchObject({ enabled: false, disabled_reason: "failing", disabled_at: disabledAt.toISOString() });
  });

  it("another tenant's id → 404 and nothing changes; an unknown id → 404", async () => {
    const endpoint = await createViaRoute(a);
    const response = await patch(endpoint.id, { description: "hijacked", enabled: false }, b);
    expect(response.status, JSON.stringify(response.body)).toBe(404);
    expect(response.body.error.code).toBe("not_found");
    expect((await get(endpoint.id)).body).toEqual(endpoint);
    expect((await patch("ep_01JZZZZZZZZZZZZZZZZZZZZZZZ", { description: "x" })).status).toBe(404);
    expect((await callRoute(patchRoute, { method: "PATCH", params: { id: endpoint.id }, body: { description: "x" } })).status).toBe(401);
  });
});

describe("disable and enable through PATCH", () => {
  const statuses = async (endpointId: string) =>
    Object.fromEntries(
      (await database.db.$queryRaw<{ status: string; n: number }[]>`
        SELECT status::text, count(*)::int AS n FROM deliveries WHERE tenant_id = ${a.tenantId} AND endpoint_id = ${endpointId} GROUP BY 1`).map((r) => [r.status, r.n]),
    );

  it("disabling holds the endpoint's deliveries (queued and new); enabling ramps and releases them all", async () => {
    // 1/s: the first goes at once, the other queued ones are booked to slots seconds ahead.
    const input = createEndpointSchema.parse({ url: `${receiver.url}/paced`, event_types: ["ping"], rate_limit_per_second: 1 });
    const { id } = await createEndpoint(database.db, a.tenantId, input, { allowPrivateTargets: true, defaultTimeoutMs: 5_000 });
    for (let i = 0; i < 4; i++) await publisher.publish(a.tenantId, "ping", { i });
    await waitFor(async () => receiver.requests.length >= 1, { what: "the first delivery" });

    const before = Date.now();
    const disabled = await patch(id, { enabled: false });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body).toMatchObject({ id, enabled: false, disabled_reason: "manual" });
    expect(Date.parse(disabled.body.disabled_at)).toBeGreaterThanOrEqual(before - 1_000);
    for (let i = 0; i < 2; i++) await publisher.publish(a.tenantId, "ping", { after: i });

    // Everything not sent before the disable ends up held (the queued ones by the worker's gate as
    // their slots come), nothing fails or is dropped, and no request goes out any more.
    const settled = await waitFor(async () => {
      const counts = await statuses(id);
      return (counts.held ?? 0) + (counts.delivered ?? 0) === 6 ? counts : null;
    }, { timeoutMs: 15_000, what: "the deliveries to be held" });
    expect(settled.held).toBeGreaterThanOrEqual(4); // the two published after, and at least two queued ones
    const sent = receiver.requests.length;
    expect(sent).toBe(settled.delivered);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.requests.length).toBe(sent);

    const enabled = await patch(id, { enabled: true });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    expect(enabled.body).toMatchObject({ id, enabled: true, disabled_reason: null, disabled_at: null, circuit_state: "closed" });
    // As POST …/enable does: a recovery ramp started and the release job enqueued in the same transaction.
    const row = await database.db.endpoint.findUniqueOrThrow({ where: { tenantId_id: { tenantId: a.tenantId, id } } });
    expect(row.rampStartedAt).not.toBeNull();
    expect(row.rampRate).toBe(1);
    const jobs = await database.db.$queryRaw<unknown[]>`SELECT 1 FROM pgboss.job WHERE name = ${QUEUE.releaseHeld} AND data->>'endpointId' = ${id}`;
    expect(jobs.length).toBeGreaterThanOrEqual(1);

    await waitFor(async () => ((await statuses(id)).delivered === 6 ? true : null), { timeoutMs: 20_000, what: "every delivery to be delivered" });
    expect(receiver.requests.length).toBe(6);
    expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"])).size).toBe(6);
  }, 60_000);
});
