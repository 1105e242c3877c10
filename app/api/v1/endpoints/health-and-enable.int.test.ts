// GET /api/v1/endpoints/{id}/health and POST /api/v1/endpoints/{id}/enable through the real route
// handlers on a real PostgreSQL: a fresh endpoint's health, health from endpoint_stats and attempts,
// the isolation state as the workers leave it on the row, enabling (state reset, recovery ramp and the
// release-held job in one transaction), idempotent enabling, 404 across tenants and 401 without a key.
import { fromPrisma } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as healthRoute } from "./[id]/health/route";
import { POST as enableRoute } from "./[id]/enable/route";
import { GET as getEndpointRoute } from "./[id]/route";
import { POST as createEndpointRoute } from "./route";
import { webBoss } from "../../../../server/jobs/boss";
import { QUEUE } from "../../../../server/jobs/queues";
import { newId } from "../../../../server/lib/ids";
import { aggregateStats, type StatsSample } from "../../../../server/lib/latency-histogram";
import { recordEndpointStats } from "../../../../server/modules/endpoints/endpoint-stats.repo";
import { callRoute, type RouteResult } from "../../../../server/testing/call-route";
import { createTenantFixture, type TenantFixture } from "../../../../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../../../server/testing/test-database";

let database: TestDatabase;
let a: TenantFixture;
let b: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  useAsProcessDatabase(database);
  a = await createTenantFixture(database.db, "Tenant A");
  b = await createTenantFixture(database.db, "Tenant B");
});
afterAll(async () => {
  // The web process's enqueue-only pg-boss, started by the first enable: closed before its database goes.
  await (await webBoss(database.url)).stop({ graceful: false });
  await database?.drop();
});

async function createEndpoint(tenant: TenantFixture, body: Record<string, unknown> = {}): Promise<string> {
  const response = await callRoute(createEndpointRoute, { path: "/api/v1/endpoints", token: tenant.apiKey, body: { url: "https://example.com/hooks", ...body } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

const health = (tenant: TenantFixture | null, id: string) => callRoute(healthRoute, { token: tenant?.apiKey, params: { id } });
const enable = (tenant: TenantFixture | null, id: string) => callRoute(enableRoute, { method: "POST", token: tenant?.apiKey, params: { id } });

function expectError(response: RouteResult, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error).toMatchObject({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
}

async function releaseJobs(endpointId: string) {
  return database.db.$queryRaw<{ data: unknown; singleton_key: string | null }[]>`
    SELECT data, singleton_key FROM pgboss.job WHERE name = ${QUEUE.releaseHeld} AND data->>'endpointId' = ${endpointId}`;
}

function runtimeOf(tenantId: string, id: string) {
  return database.db.endpoint.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id } } });
}

const ago = (ms: number) => new Date(Date.now() - ms);
const MINUTE = 60_000;
const HOUR = 3_600_000;

describe("GET /api/v1/endpoints/{id}/health", () => {
  it("a fresh endpoint: closed circuit, full concurrency, no ramp, zero attempts and null rates", async () => {
    const id = await createEndpoint(a, { max_concurrency: 7, rate_limit_per_second: 50 });
    const response = await health(a, id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      endpoint_id: id,
      enabled: true,
      disabled_reason: null,
      disabled_at: null,
      failing_since: null,
      circuit: { state: "closed", opened_at: null, cooldown_ms: null, next_probe_at: null },
      concurrency: { max: 7, effective: 7 },
      rate_limit_per_second: 50,
      recovery_ramp: null,
      last_24h: { attempts: 0, successes: 0, failures: 0, success_rate: null, latency_p50_ms: null, latency_p95_ms: null },
      last_attempt: null,
    });
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("sums the last 24 h of endpoint_stats (percentiles from the buckets) and shows the newest attempt", async () => {
    const id = await createEndpoint(a);
    const otherId = await createEndpoint(a);
    const sample = (endpointId: string, startedAt: Date, durationMs: number, verdict: "success" | "failure" | "neutral"): StatsSample => ({
      tenantId: a.tenantId,
      endpointId,
      startedAt,
      durationMs,
      success: verdict === "success",
      failure: verdict === "failure",
    });
    const samples = [
      // In the window: 6 in (50, 100] ms, 4 in (250, 500] ms; 7 successes, 2 failures, 1 neutral (a 4xx).
      ...Array.from({ length: 6 }, (_, i) => sample(id, ago(5 * MINUTE + i * 1000), 80, "success")),
      sample(id, ago(2 * HOUR), 300, "success"),
      sample(id, ago(2 * HOUR), 400, "failure"),
      sample(id, ago(23 * HOUR), 450, "failure"),
      sample(id, ago(23 * HOUR), 260, "neutral"),
      // Outside the window, and another endpoint: neither counts.
      ...Array.from({ length: 5 }, () => sample(id, ago(25 * HOUR), 20_000, "failure")),
      sample(otherId, ago(5 * MINUTE), 20_000, "failure"),
    ];
    await recordEndpointStats(fromPrisma(database.db), aggregateStats(samples));

    const attempt = (startedAt: Date, extra: Record<string, unknown>) =>
      database.db.attempt.create({
        data: {
          tenantId: a.tenantId,
          id: newId("att", startedAt.getTime()),
          deliveryId: newId("dlv"),
          endpointId: id,
          trigger: "initial",
          attemptNumber: 1,
          startedAt,
          durationMs: 80,
          requestHeaders: {},
          ...extra,
        },
      });
    await attempt(ago(3 * MINUTE), { responseStatus: 200 });
    const newest = await attempt(ago(MINUTE), { responseStatus: 503, errorKind: "http_status", durationMs: 412 });

    const response = await health(a, id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    // p50: rank 5 of 10, 5/6 into (50, 100] → 91.7; p95: rank 9.5, 3.5/4 into (250, 500] → 468.75.
    expect(response.body.last_24h).toEqual({ attempts: 10, successes: 7, failures: 2, success_rate: 0.7, latency_p50_ms: 92, latency_p95_ms: 469 });
    expect(response.body.last_attempt).toEqual({
      id: newest.id,
      delivery_id: newest.deliveryId,
      started_at: newest.startedAt.toISOString(),
      response_status: 503,
      error_kind: "http_status",
      duration_ms: 412,
    });
  });

  it("shows the isolation state the workers keep on the row: open circuit, reduced concurrency, a running ramp", async () => {
    const id = await createEndpoint(a, { max_concurrency: 10 });
    const openedAt = ago(10_000);
    const probeAt = new Date(Date.now() + 20_000);
    const rampStartedAt = ago(60_000);
    const failingSince = ago(HOUR);
    await database.db.endpoint.update({
      where: { tenantId_id: { tenantId: a.tenantId, id } },
      data: { circuitState: "open", circuitOpenedAt: openedAt, circuitCooldownMs: 30_000, circuitProbeAt: probeAt, concurrencyLimit: 2.6, rampStartedAt, rampRate: 40, failingSince },
    });
    const response = await health(a, id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      failing_since: failingSince.toISOString(),
      circuit: { state: "open", opened_at: openedAt.toISOString(), cooldown_ms: 30_000, next_probe_at: probeAt.toISOString() },
      concurrency: { max: 10, effective: 2 },
      recovery_ramp: { started_at: rampStartedAt.toISOString(), target_per_second: 40 },
    });
    // One minute into a τ = 5 min ramp towards 40/s: 40·(1 − e^(−1/5)) ≈ 7.25/s.
    expect(response.body.recovery_ramp.current_per_second).toBeGreaterThan(7);
    expect(response.body.recovery_ramp.current_per_second).toBeLessThan(7.6);

    // A closed circuit has no next probe, and a ramp that ran 5τ has ended.
    await database.db.endpoint.update({ where: { tenantId_id: { tenantId: a.tenantId, id } }, data: { circuitState: "closed", rampStartedAt: ago(HOUR) } });
    const later = await health(a, id);
    expect(later.body.circuit.next_probe_at).toBeNull();
    expect(later.body.recovery_ramp).toBeNull();
  });
});

describe("POST /api/v1/endpoints/{id}/enable", () => {
  it("re-enables a disabled endpoint: gates reset, ramp started towards its healthy rate, release-held job enqueued", async () => {
    const id = await createEndpoint(a, { rate_limit_per_second: 25 });
    await database.db.endpoint.update({
      where: { tenantId_id: { tenantId: a.tenantId, id } },
      data: {
        enabled: false,
        disabledReason: "failing",
        disabledAt: ago(HOUR),
        circuitState: "open",
        circuitOpenedAt: ago(2 * HOUR),
        circuitCooldownMs: 240_000,
        circuitProbeAt: ago(-HOUR),
        windowStartedAt: ago(MINUTE),
        windowFailures: 12,
        windowSuccesses: 1,
        prevWindowFailures: 30,
        prevWindowSuccesses: 2,
        failingSince: ago(5 * 24 * HOUR),
        concurrencyLimit: 1,
        rateTat: ago(-MINUTE),
        peakRate: 40,
      },
    });
    const before = Date.now();
    const response = await enable(a, id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ id, enabled: true, disabled_reason: null, disabled_at: null, circuit_state: "closed" });
    const fetched = await callRoute(getEndpointRoute, { token: a.apiKey, params: { id } });
    expect(response.body).toEqual(fetched.body);

    const row = await runtimeOf(a.tenantId, id);
    expect(row).toMatchObject({
      circuitOpenedAt: null,
      circuitCooldownMs: null,
      circuitProbeAt: null,
      windowStartedAt: null,
      windowFailures: 0,
      windowSuccesses: 0,
      prevWindowFailures: 0,
      prevWindowSuccesses: 0,
      failingSince: null,
      concurrencyLimit: null,
      rampRate: 25, // the healthy rate 40/s, capped at the endpoint's own limit
      peakRate: 40,
    });
    // Slots already booked (jobs still queued from before the disable) stay booked: the ramp paces after them.
    expect(row.rateTat?.getTime()).toBeGreaterThan(Date.now());
    expect(row.rampStartedAt!.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(row.rampStartedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(await releaseJobs(id)).toEqual([{ data: { tenantId: a.tenantId, endpointId: id }, singleton_key: id }]);

    const after = await health(a, id);
    expect(after.body).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null, circuit: { state: "closed" }, concurrency: { effective: 10 } });
    expect(after.body.recovery_ramp).toMatchObject({ started_at: row.rampStartedAt!.toISOString(), target_per_second: 25 });
    expect(after.body.recovery_ramp.current_per_second).toBeGreaterThanOrEqual(1); // the ramp's floor
    expect(after.body.recovery_ramp.current_per_second).toBeLessThan(25);
  });

  it("an enabled endpoint whose circuit is open is reset and ramps too (towards the default rate without history)", async () => {
    const id = await createEndpoint(a);
    await database.db.endpoint.update({ where: { tenantId_id: { tenantId: a.tenantId, id } }, data: { circuitState: "half_open", circuitProbeAt: ago(-MINUTE), circuitCooldownMs: 60_000 } });
    const response = await enable(a, id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.circuit_state).toBe("closed");
    expect(await runtimeOf(a.tenantId, id)).toMatchObject({ circuitProbeAt: null, circuitCooldownMs: null, rampRate: 10, rampStartedAt: expect.any(Date) });
  });

  it("enabling an enabled endpoint with a closed circuit is a 200 that leaves its runtime state alone", async () => {
    const id = await createEndpoint(a);
    await database.db.endpoint.update({ where: { tenantId_id: { tenantId: a.tenantId, id } }, data: { concurrencyLimit: 3.5, windowFailures: 4, peakRate: 12 } });
    const before = await runtimeOf(a.tenantId, id);
    for (let i = 0; i < 2; i++) {
      const response = await enable(a, id);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ id, enabled: true, circuit_state: "closed" });
    }
    expect(await runtimeOf(a.tenantId, id)).toEqual(before);
    expect((await releaseJobs(id)).length).toBeGreaterThanOrEqual(1);
  });
});

describe("authentication and tenant isolation", () => {
  it("another tenant's endpoint id → 404 on both routes, and enabling it changes nothing", async () => {
    const id = await createEndpoint(a);
    await database.db.endpoint.update({ where: { tenantId_id: { tenantId: a.tenantId, id } }, data: { enabled: false, disabledReason: "manual", disabledAt: new Date() } });
    const before = await runtimeOf(a.tenantId, id);
    expectError(await health(b, id), 404, "not_found");
    expectError(await enable(b, id), 404, "not_found");
    expect(await runtimeOf(a.tenantId, id)).toEqual(before);
    expect(await releaseJobs(id)).toEqual([]);
    // The control: A's own key reaches it.
    expect((await health(a, id)).status).toBe(200);
  });

  it("an unknown id → 404 on both routes", async () => {
    const unknown = newId("ep");
    expectError(await health(a, unknown), 404, "not_found");
    expectError(await enable(a, unknown), 404, "not_found");
  });

  it("no key, a wrong key or a service token → 401 on both routes", async () => {
    const id = await createEndpoint(a);
    for (const token of [undefined, "hk_not-a-key", a.serviceToken]) {
      expectError(await callRoute(healthRoute, { token, params: { id } }), 401, "unauthorized");
      expectError(await callRoute(enableRoute, { method: "POST", token, params: { id } }), 401, "unauthorized");
    }
    expect(await releaseJobs(id)).toEqual([]);
  });
});
