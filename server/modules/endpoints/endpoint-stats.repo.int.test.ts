// endpoint_stats on a real PostgreSQL: the set-based upsert adds counts and latency buckets
// element-wise (also inside a transaction, as the attempt recorder calls it), rows of a deleted
// endpoint are dropped instead of failing the batch, the 24 h sum, and retention by endpoint walk.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqlPool, type SqlPool } from "../../db/sql";
import { newId } from "../../lib/ids";
import { aggregateStats, LATENCY_BOUNDS_MS, type StatsRow } from "../../lib/latency-histogram";
import { createTenantFixture, type TenantFixture } from "../../testing/tenant-fixture";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database";
import { deleteOldEndpointStats, recordEndpointStats, sumEndpointStats } from "./endpoint-stats.repo";

let database: TestDatabase;
let sql: SqlPool;
let tenant: TenantFixture;
let other: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSqlPool(database.url, 2, () => undefined);
  tenant = await createTenantFixture(database.db, "Stats");
  other = await createTenantFixture(database.db, "Other");
});
afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

async function insertEndpoints(tenantId: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId("ep"));
  await sql.executeSql(`INSERT INTO endpoints (tenant_id, id, url) SELECT $1, id, 'https://example.com/' FROM unnest($2::text[]) AS id`, [tenantId, ids]);
  return ids;
}

async function storedRows(tenantId: string, endpointId: string) {
  const { rows } = await sql.executeSql(
    `SELECT minute, attempts, successes, failures, latency_buckets AS "latencyBuckets" FROM endpoint_stats WHERE tenant_id = $1 AND endpoint_id = $2 ORDER BY minute`,
    [tenantId, endpointId],
  );
  return rows as Omit<StatsRow, "tenantId" | "endpointId">[];
}

const buckets = (entries: Record<number, number>) => Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, (_, i) => entries[i] ?? 0);
const minute = new Date("2026-11-26T10:00:00.000Z");

describe("recordEndpointStats", () => {
  it("inserts a new minute, then adds counts and buckets element-wise, inside a transaction too", async () => {
    const [endpointId] = await insertEndpoints(tenant.tenantId, 1);
    const row = (attempts: number, successes: number, failures: number, latencyBuckets: number[]): StatsRow => ({
      tenantId: tenant.tenantId,
      endpointId: endpointId!,
      minute,
      attempts,
      successes,
      failures,
      latencyBuckets,
    });
    await recordEndpointStats(sql, [row(3, 2, 1, buckets({ 0: 2, 10: 1 }))]);
    await sql.transaction((tx) => recordEndpointStats(tx, [row(2, 1, 0, buckets({ 0: 1, 4: 1 }))]));
    expect(await storedRows(tenant.tenantId, endpointId!)).toEqual([{ minute, attempts: 5, successes: 3, failures: 1, latencyBuckets: buckets({ 0: 3, 4: 1, 10: 1 }) }]);
  });

  it("writes a batch from aggregateStats across endpoints, tenants and minutes in one call", async () => {
    const [a, b] = await insertEndpoints(tenant.tenantId, 2);
    const [c] = await insertEndpoints(other.tenantId, 1);
    const at = (offsetMs: number) => new Date(minute.getTime() + offsetMs);
    const rows = aggregateStats([
      { tenantId: tenant.tenantId, endpointId: a!, startedAt: at(1_000), durationMs: 40, success: true, failure: false },
      { tenantId: tenant.tenantId, endpointId: a!, startedAt: at(61_000), durationMs: 40_000, success: false, failure: true },
      { tenantId: tenant.tenantId, endpointId: b!, startedAt: at(2_000), durationMs: 300, success: false, failure: false },
      { tenantId: other.tenantId, endpointId: c!, startedAt: at(3_000), durationMs: 10, success: true, failure: false },
    ]);
    await recordEndpointStats(sql, rows);
    await recordEndpointStats(sql, rows);
    expect(await storedRows(tenant.tenantId, a!)).toEqual([
      { minute, attempts: 2, successes: 2, failures: 0, latencyBuckets: buckets({ 1: 2 }) },
      { minute: at(60_000), attempts: 2, successes: 0, failures: 2, latencyBuckets: buckets({ 10: 2 }) },
    ]);
    expect(await storedRows(tenant.tenantId, b!)).toEqual([{ minute, attempts: 2, successes: 0, failures: 0, latencyBuckets: buckets({ 4: 2 }) }]);
    expect(await storedRows(other.tenantId, c!)).toEqual([{ minute, attempts: 2, successes: 2, failures: 0, latencyBuckets: buckets({ 0: 2 }) }]);
  });

  it("drops the rows of an endpoint that no longer exists instead of failing the batch", async () => {
    const [kept] = await insertEndpoints(tenant.tenantId, 1);
    const rows = aggregateStats([
      { tenantId: tenant.tenantId, endpointId: kept!, startedAt: minute, durationMs: 5, success: true, failure: false },
      { tenantId: tenant.tenantId, endpointId: newId("ep"), startedAt: minute, durationMs: 5, success: true, failure: false },
    ]);
    await sql.transaction((tx) => recordEndpointStats(tx, rows));
    expect(await storedRows(tenant.tenantId, kept!)).toHaveLength(1);
  });
});

describe("sumEndpointStats", () => {
  it("sums the minutes after `since` for that tenant's endpoint only, buckets element-wise", async () => {
    const [endpointId] = await insertEndpoints(tenant.tenantId, 1);
    const row = (minuteAt: Date, attempts: number, latencyBuckets: number[]): StatsRow => ({
      tenantId: tenant.tenantId,
      endpointId: endpointId!,
      minute: minuteAt,
      attempts,
      successes: attempts,
      failures: 0,
      latencyBuckets,
    });
    await recordEndpointStats(sql, [
      row(new Date("2026-11-25T09:00:00.000Z"), 100, buckets({ 9: 100 })), // before the window
      row(new Date("2026-11-25T10:01:00.000Z"), 3, buckets({ 0: 1, 2: 2 })),
      row(new Date("2026-11-26T09:59:00.000Z"), 4, buckets({ 2: 1, 3: 3 })),
    ]);
    const since = new Date("2026-11-25T10:00:00.000Z");
    expect(await sumEndpointStats(sql, tenant.tenantId, endpointId!, since)).toEqual({
      attempts: 7,
      successes: 7,
      failures: 0,
      latencyBuckets: buckets({ 0: 1, 2: 3, 3: 3 }),
    });
    expect(await sumEndpointStats(sql, other.tenantId, endpointId!, since)).toEqual({ attempts: 0, successes: 0, failures: 0, latencyBuckets: [] });
  });
});

describe("deleteOldEndpointStats", () => {
  it("walks every endpoint in batches and deletes only the minutes before the cut-off", async () => {
    const ids = await insertEndpoints(other.tenantId, 5);
    const old = new Date("2026-01-01T00:00:00.000Z");
    const recent = new Date("2026-11-26T12:00:00.000Z");
    const stat = (endpointId: string, at: Date): StatsRow => ({ tenantId: other.tenantId, endpointId, minute: at, attempts: 1, successes: 1, failures: 0, latencyBuckets: buckets({ 0: 1 }) });
    await recordEndpointStats(sql, ids.flatMap((id) => [stat(id, old), stat(id, recent)]));
    const cutOff = new Date("2026-11-26T00:00:00.000Z");
    const countOld = async () => Number((await sql.executeSql(`SELECT count(*) AS n FROM endpoint_stats WHERE minute < $1`, [cutOff.toISOString()])).rows[0].n);
    const before = await countOld();
    expect(before).toBeGreaterThanOrEqual(ids.length);
    // A batch of 2 endpoints: the walk takes several statements over this file's endpoints of two tenants.
    expect(await deleteOldEndpointStats(sql, cutOff, 2)).toBe(before);
    expect(await countOld()).toBe(0);
    const { rows } = await sql.executeSql(`SELECT endpoint_id, minute FROM endpoint_stats WHERE tenant_id = $1 AND endpoint_id = ANY($2::text[])`, [other.tenantId, ids]);
    expect(rows).toHaveLength(ids.length);
    expect(rows.every((r: { minute: Date }) => r.minute.getTime() === recent.getTime())).toBe(true);
  });
});
