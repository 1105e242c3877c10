// The portal's endpoint stats on a real PostgreSQL: the 24 h chart per UTC hour (gaps filled, buckets
// summed within an hour, minutes outside the window ignored), the list's health summary for many
// endpoints at once, and both through the tRPC procedures the portal calls, another tenant's ids
// giving 404 (stats) or nothing (summary).
import { createTRPCClient, httpLink, type TRPCClientError } from "@trpc/client";
import { encode } from "next-auth/jwt";
import { fromPrisma } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as trpcGet } from "../../../app/api/trpc/[trpc]/route";
import { env } from "../../env";
import { LATENCY_BOUNDS_MS, type StatsRow } from "../../lib/latency-histogram";
import { createTenantFixture, type TenantFixture } from "../../testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../testing/test-database";
import type { AppRouter } from "../../trpc/app-router";
import { createUserInTenant } from "../users/user.service";
import { recordEndpointStats } from "./endpoint-stats.repo";
import { getEndpointHealthSummary, getEndpointStats } from "./endpoint-stats.service";
import { createEndpointSchema } from "./endpoint.schemas";
import { createEndpoint, endpointPolicy } from "./endpoint.service";

const SECRET = "endpoint-stats-test-secret-0123456789abcdef";
const HOUR = 3600_000;

let database: TestDatabase;
let tenant: TenantFixture;
let other: TenantFixture;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useAsProcessDatabase(database, { NEXTAUTH_SECRET: SECRET, NEXTAUTH_URL: "", HOOKLINE_ALLOW_PRIVATE_TARGETS: "1" });
  tenant = await createTenantFixture(database.db, "Stats");
  other = await createTenantFixture(database.db, "Other");
  userId = (await createUserInTenant(database.db, tenant.tenantId, { email: "stats@example.com", name: "Stats", password: "0123456789", role: "owner" })).id;
});
afterAll(async () => {
  await database?.drop();
});

async function newEndpoint(tenantId: string): Promise<string> {
  return (await createEndpoint(database.db, tenantId, createEndpointSchema.parse({ url: "https://example.com/hook" }), endpointPolicy(env()))).id;
}

const buckets = (entries: Record<number, number>) => Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, (_, i) => entries[i] ?? 0);

function minuteRow(tenantId: string, endpointId: string, minute: Date, counts: { successes: number; failures: number; other?: number }, latencyBuckets: number[]): StatsRow {
  const attempts = counts.successes + counts.failures + (counts.other ?? 0);
  return { tenantId, endpointId, minute, attempts, successes: counts.successes, failures: counts.failures, latencyBuckets };
}

describe("getEndpointStats", () => {
  it("answers 24 UTC hours oldest first, the last the current hour, summing each hour's minutes and filling gaps", async () => {
    const endpointId = await newEndpoint(tenant.tenantId);
    const now = new Date("2026-11-26T10:17:30.000Z").getTime();
    const current = new Date("2026-11-26T10:00:00.000Z").getTime();
    const at = (ms: number) => new Date(ms);
    await recordEndpointStats(fromPrisma(database.db), [
      minuteRow(tenant.tenantId, endpointId, at(current - 24 * HOUR), { successes: 50, failures: 0 }, buckets({ 9: 50 })), // an hour before the chart
      minuteRow(tenant.tenantId, endpointId, at(current - 23 * HOUR + 59 * 60_000), { successes: 2, failures: 0 }, buckets({ 0: 2 })), // first hour
      minuteRow(tenant.tenantId, endpointId, at(current - 2 * HOUR), { successes: 3, failures: 1 }, buckets({ 0: 2, 2: 2 })),
      minuteRow(tenant.tenantId, endpointId, at(current - 2 * HOUR + 30 * 60_000), { successes: 5, failures: 0, other: 1 }, buckets({ 2: 4, 10: 2 })),
      minuteRow(tenant.tenantId, endpointId, at(current + 17 * 60_000), { successes: 0, failures: 1 }, buckets({ 6: 1 })), // the current hour
      minuteRow(tenant.tenantId, endpointId, at(current + HOUR), { successes: 9, failures: 0 }, buckets({ 0: 9 })), // a clock ahead: not shown
    ]);
    const hours = await getEndpointStats(database.db, tenant.tenantId, endpointId, now);

    expect(hours).toHaveLength(24);
    expect(hours[0]!.hour).toBe("2026-11-25T11:00:00.000Z");
    expect(hours[23]!.hour).toBe("2026-11-26T10:00:00.000Z");
    expect(hours.every((h, i) => i === 0 || Date.parse(h.hour) - Date.parse(hours[i - 1]!.hour) === HOUR)).toBe(true);
    expect(hours[0]).toMatchObject({ attempts: 2, successes: 2, failures: 0, latency_p50_ms: 13, latency_p95_ms: 24 });
    // Two minutes of one hour: 4 + 6 attempts, buckets {0: 2, 2: 6, 10: 2}; the median lies in (50, 100].
    expect(hours[21]).toEqual({ hour: "2026-11-26T08:00:00.000Z", attempts: 10, successes: 8, failures: 1, latency_p50_ms: 75, latency_p95_ms: 30_000 });
    expect(hours[22]).toEqual({ hour: "2026-11-26T09:00:00.000Z", attempts: 0, successes: 0, failures: 0, latency_p50_ms: null, latency_p95_ms: null });
    expect(hours[23]).toMatchObject({ attempts: 1, failures: 1, latency_p50_ms: 1_750 });
    expect(hours.reduce((sum, h) => sum + h.attempts, 0)).toBe(2 + 10 + 1);
  });

  it("another tenant's endpoint is not found", async () => {
    const endpointId = await newEndpoint(tenant.tenantId);
    await expect(getEndpointStats(database.db, other.tenantId, endpointId)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("getEndpointHealthSummary", () => {
  it("sums each endpoint's last 24 h in the order asked, with its state; ids of other tenants or of nothing are left out", async () => {
    const [busy, idle, disabled] = [await newEndpoint(tenant.tenantId), await newEndpoint(tenant.tenantId), await newEndpoint(tenant.tenantId)];
    const foreign = await newEndpoint(other.tenantId);
    await database.db.endpoint.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: disabled } }, data: { enabled: false, disabledReason: "manual", circuitState: "open" } });
    const now = Date.now();
    const recent = new Date(Math.floor((now - 60 * 60_000) / 60_000) * 60_000);
    await recordEndpointStats(fromPrisma(database.db), [
      minuteRow(tenant.tenantId, busy, recent, { successes: 3, failures: 1 }, buckets({ 0: 3, 5: 1 })),
      minuteRow(tenant.tenantId, busy, new Date(recent.getTime() + 60_000), { successes: 0, failures: 0, other: 1 }, buckets({ 0: 1 })),
      minuteRow(tenant.tenantId, busy, new Date(now - 25 * HOUR), { successes: 0, failures: 40 }, buckets({ 10: 40 })), // older than 24 h
      minuteRow(tenant.tenantId, disabled, recent, { successes: 0, failures: 2 }, buckets({ 10: 2 })),
      minuteRow(other.tenantId, foreign, recent, { successes: 7, failures: 0 }, buckets({ 0: 7 })),
    ]);

    const summary = await getEndpointHealthSummary(database.db, tenant.tenantId, [disabled, foreign, busy, "ep_missing", idle, busy], now);
    expect(summary).toEqual([
      {
        endpoint_id: disabled,
        circuit_state: "open",
        enabled: false,
        disabled_reason: "manual",
        last_24h: { attempts: 2, successes: 0, failures: 2, success_rate: 0, latency_p95_ms: 30_000 },
      },
      {
        endpoint_id: busy,
        circuit_state: "closed",
        enabled: true,
        disabled_reason: null,
        last_24h: { attempts: 5, successes: 3, failures: 1, success_rate: 0.6, latency_p95_ms: 875 },
      },
      {
        endpoint_id: idle,
        circuit_state: "closed",
        enabled: true,
        disabled_reason: null,
        last_24h: { attempts: 0, successes: 0, failures: 0, success_rate: null, latency_p95_ms: null },
      },
    ]);
  });
});

describe("through tRPC", () => {
  async function client() {
    const token = await encode({ token: { sub: userId, tenantId: tenant.tenantId, email: "stats@example.com" }, secret: SECRET });
    const fetchVia: typeof fetch = (input, init) => trpcGet(new Request(input, init));
    return createTRPCClient<AppRouter>({ links: [httpLink({ url: "http://hookline.test/api/trpc", headers: { cookie: `next-auth.session-token=${token}` }, fetch: fetchVia })] });
  }

  const refusal = (call: Promise<unknown>) =>
    call.then(
      () => expect.fail("the call succeeded"),
      (error: unknown) => (error as TRPCClientError<AppRouter>).data,
    );

  it("stats and healthSummary answer for the session's tenant only", async () => {
    const mine = await newEndpoint(tenant.tenantId);
    const foreign = await newEndpoint(other.tenantId);
    const portal = await client();

    const currentHour = () => Math.floor(Date.now() / HOUR) * HOUR;
    const before = currentHour();
    const hours = await portal.endpoints.stats.query({ id: mine });
    expect(hours).toHaveLength(24);
    expect([before, currentHour()]).toContain(Date.parse(hours[23]!.hour));
    expect(await refusal(portal.endpoints.stats.query({ id: foreign }))).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });

    const summary = await portal.endpoints.healthSummary.query({ ids: [mine, foreign] });
    expect(summary.map((s) => s.endpoint_id)).toEqual([mine]);
  });

  it("healthSummary takes 1 to 100 ids (422 naming ids otherwise)", async () => {
    const portal = await client();
    for (const ids of [[], Array.from({ length: 101 }, (_, i) => `ep_${i}`)]) {
      expect(await refusal(portal.endpoints.healthSummary.query({ ids }))).toMatchObject({ httpStatus: 422, details: [expect.objectContaining({ field: "ids" })] });
    }
  });
});
