// /api/v1/api-keys through the real route handlers on a real PostgreSQL: the full key shown once and
// stored only as a hash, the list (newest first, paginated, revoked keys included, last use recorded),
// revocation refused at once with 401, 404 across tenants, validation, and the per-key request rate
// limit that every tenant route goes through.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as revokeRoute } from "./[id]/route";
import { GET as listRoute, POST as createRoute } from "./route";
import { GET as listEndpointsRoute } from "../endpoints/route";
import { hashToken } from "../../../../server/lib/tokens";
import { callRoute, type RouteResult } from "../../../../server/testing/call-route";
import { createTenantFixture, type TenantFixture } from "../../../../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../../../server/testing/test-database";
import { waitFor } from "../../../../server/testing/wait-for";

// The limiter follows the configuration as parsed by useAsProcessDatabase. Each test uses its own
// tenant (buckets are per key), so only the rate-limit test comes near the burst.
const RATE = 5;
const BURST = 30;

let database: TestDatabase;
let tenantCount = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  useAsProcessDatabase(database, { API_RATE_LIMIT_PER_SECOND: String(RATE), API_RATE_LIMIT_BURST: String(BURST) });
});
afterAll(async () => {
  await database?.drop();
});

const newTenant = (): Promise<TenantFixture> => createTenantFixture(database.db, `API keys tenant ${++tenantCount}`);

const create = (token: string, body: unknown) => callRoute(createRoute, { path: "/api/v1/api-keys", token, body });
const list = (token: string, query = "") => callRoute(listRoute, { path: `/api/v1/api-keys${query}`, token });
const revoke = (token: string, id: string) => callRoute(revokeRoute, { method: "DELETE", token, params: { id } });
const listEndpoints = (token: string) => callRoute(listEndpointsRoute, { path: "/api/v1/endpoints", token });

const RESOURCE_FIELDS = ["created_at", "id", "last_used_at", "name", "prefix", "revoked_at"];

function expectErrorEnvelope(response: RouteResult, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(Object.keys(response.body)).toEqual(["error"]);
  expect(Object.keys(response.body.error).sort()).toEqual(["code", "details", "message", "request_id"]);
  expect(response.body.error).toMatchObject({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
}

const fieldsOf = (response: RouteResult): string[] => (response.body.error.details as Array<{ field: string }>).map((d) => d.field);

async function createKey(token: string, name = "CI deploy"): Promise<{ id: string; key: string }> {
  const response = await create(token, { name });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function keyIdOf(token: string): Promise<string> {
  const row = await database.db.apiKey.findUniqueOrThrow({ where: { keyHash: hashToken(token) } });
  return row.id;
}

describe("POST /api/v1/api-keys", () => {
  it("201 with the full key once; it is stored only as a hash and authenticates tenant routes", async () => {
    const tenant = await newTenant();
    const response = await create(tenant.apiKey, { name: "  CI deploy  " });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(Object.keys(response.body).sort()).toEqual([...RESOURCE_FIELDS, "key"].sort());
    const { id, key, prefix } = response.body;
    expect(response.body).toMatchObject({ id: expect.stringMatching(/^key_[0-9A-Z]{26}$/), name: "CI deploy", last_used_at: null, revoked_at: null });
    expect(key).toMatch(/^hk_[\w-]{32}$/);
    expect(key.startsWith(prefix) && prefix.length < key.length - 20).toBe(true);
    expect(Date.parse(response.body.created_at)).toBeGreaterThan(Date.now() - 60_000);

    const row = await database.db.apiKey.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id } } });
    expect(row.keyHash).toBe(hashToken(key));
    expect(JSON.stringify(row)).not.toContain(key);

    const used = await listEndpoints(key);
    expect(used.status, JSON.stringify(used.body)).toBe(200);
    expect(used.body).toEqual({ data: [], next_cursor: null });
  });

  it("validation: missing name, blank name, too long, wrong type, unknown field → 422 naming it; malformed JSON → 400", async () => {
    const tenant = await newTenant();
    for (const [body, field] of [
      [{}, "name"],
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(101) }, "name"],
      [{ name: 42 }, "name"],
      [{ name: "ok", scopes: ["admin"] }, "scopes"],
    ] as const) {
      const response = await create(tenant.apiKey, body);
      expectErrorEnvelope(response, 422, "unprocessable");
      expect(fieldsOf(response), JSON.stringify(body)).toEqual([field]);
    }
    const malformed = await callRoute(createRoute, { path: "/api/v1/api-keys", token: tenant.apiKey, rawBody: '{"name": "x"' });
    expectErrorEnvelope(malformed, 400, "invalid_request");
    expect(await database.db.apiKey.count({ where: { tenantId: tenant.tenantId } })).toBe(1); // only the fixture's key
  });
});

describe("GET /api/v1/api-keys", () => {
  it("lists prefix, name, created and last used, never the key or its hash; last use is recorded", async () => {
    const tenant = await newTenant();
    const created = await createKey(tenant.apiKey, "Reporting");
    expect((await listEndpoints(created.key)).status).toBe(200);
    // Last use is written off the request path (at most once a minute per key), so it shows up shortly after.
    const entry = await waitFor(async () => {
      const listed = await list(tenant.apiKey);
      return (listed.body.data as Array<Record<string, unknown>>).find((k) => k.id === created.id && k.last_used_at !== null);
    }, { what: "last_used_at of the new key" });
    expect(Object.keys(entry).sort()).toEqual(RESOURCE_FIELDS);
    expect(entry).toMatchObject({ name: "Reporting", prefix: created.key.slice(0, (entry.prefix as string).length), revoked_at: null });
    expect(Date.parse(entry.last_used_at as string)).toBeGreaterThanOrEqual(Date.parse(entry.created_at as string));

    const listed = await list(tenant.apiKey);
    expect(listed.status).toBe(200);
    const text = JSON.stringify(listed.body);
    for (const secret of [created.key, tenant.apiKey, hashToken(created.key), hashToken(tenant.apiKey)]) expect(text).not.toContain(secret);
  });

  it("newest first with cursor pagination, each key once; another tenant's keys never appear", async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const ids = [await keyIdOf(tenant.apiKey)];
    for (const name of ["one", "two", "three"]) ids.push((await createKey(tenant.apiKey, name)).id);
    const first = await list(tenant.apiKey, "?limit=3");
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await list(tenant.apiKey, `?limit=3&cursor=${first.body.next_cursor}`);
    expect(second.body.next_cursor).toBeNull();
    const seen = [...first.body.data, ...second.body.data].map((k: { id: string }) => k.id);
    expect(seen).toEqual([...ids].reverse());
    expect(seen).not.toContain(await keyIdOf(other.apiKey));

    expectErrorEnvelope(await list(tenant.apiKey, "?limit=101"), 422, "unprocessable");
    const badQuery = await list(tenant.apiKey, "?cursor=nope&sort=asc");
    expectErrorEnvelope(badQuery, 422, "unprocessable");
    expect(fieldsOf(badQuery).sort()).toEqual(["cursor", "sort"]);
  });
});

describe("DELETE /api/v1/api-keys/{id}", () => {
  it("revokes at once: the key, just used (and cached), gets 401; the row stays with revoked_at; again → 204", async () => {
    const tenant = await newTenant();
    const created = await createKey(tenant.apiKey);
    expect((await listEndpoints(created.key)).status).toBe(200);

    const revoked = await revoke(tenant.apiKey, created.id);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(204);
    expect(revoked.body).toBeNull();
    expectErrorEnvelope(await listEndpoints(created.key), 401, "unauthorized");

    const listed = await list(tenant.apiKey);
    const entry = listed.body.data.find((k: { id: string }) => k.id === created.id);
    expect(entry.revoked_at).toEqual(expect.any(String));

    expect((await revoke(tenant.apiKey, created.id)).status).toBe(204);
    const after = await list(tenant.apiKey);
    expect(after.body.data.find((k: { id: string }) => k.id === created.id).revoked_at).toBe(entry.revoked_at);
    expect((await listEndpoints(tenant.apiKey)).status).toBe(200); // the revoking key is unaffected
  });

  it("a key may revoke itself; its next request is 401", async () => {
    const tenant = await newTenant();
    const ownId = await keyIdOf(tenant.apiKey);
    expect((await revoke(tenant.apiKey, ownId)).status).toBe(204);
    expectErrorEnvelope(await list(tenant.apiKey), 401, "unauthorized");
  });

  it("another tenant's key id or an unknown id → 404, and that key keeps working", async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const otherKeyId = await keyIdOf(other.apiKey);
    expectErrorEnvelope(await revoke(tenant.apiKey, otherKeyId), 404, "not_found");
    expectErrorEnvelope(await revoke(tenant.apiKey, "key_00000000000000000000000000"), 404, "not_found");
    expect((await listEndpoints(other.apiKey)).status).toBe(200);
    const row = await database.db.apiKey.findUniqueOrThrow({ where: { tenantId_id: { tenantId: other.tenantId, id: otherKeyId } } });
    expect(row.revokedAt).toBeNull();
  });
});

describe("authentication", () => {
  it("an unknown key, a service token or no header → 401 with the error envelope", async () => {
    const tenant = await newTenant();
    expectErrorEnvelope(await list("hk_not-a-real-key"), 401, "unauthorized");
    expectErrorEnvelope(await list(tenant.serviceToken), 401, "unauthorized");
    expectErrorEnvelope(await callRoute(listRoute, { path: "/api/v1/api-keys" }), 401, "unauthorized");
  });
});

describe("per-key request rate limit", () => {
  it("over the burst → 429 with Retry-After and X-RateLimit-*; other keys, same tenant or not, are unaffected", async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const colleague = await createKey(tenant.apiKey, "colleague");
    const started = Date.now();
    const responses: RouteResult[] = [];
    while (responses.length < BURST * 2 && responses.at(-1)?.status !== 429) responses.push(await listEndpoints(tenant.apiKey));
    const elapsedS = (Date.now() - started) / 1000;

    const refused = responses.at(-1)!;
    expectErrorEnvelope(refused, 429, "rate_limited");
    const accepted = responses.slice(0, -1);
    expect(accepted.every((r) => r.status === 200)).toBe(true);
    // The burst (less the create call above), plus whatever refilled at RATE/s while the loop ran.
    expect(accepted.length).toBeGreaterThanOrEqual(BURST - 1);
    expect(accepted.length).toBeLessThanOrEqual(BURST + Math.ceil(elapsedS * RATE));
    expect(accepted[0]!.headers.get("x-ratelimit-limit")).toBe(String(RATE));
    expect(Number(accepted[0]!.headers.get("x-ratelimit-remaining"))).toBeGreaterThan(Number(accepted.at(-1)!.headers.get("x-ratelimit-remaining")));
    expect(refused.headers.get("x-ratelimit-limit")).toBe(String(RATE));
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);

    expect((await listEndpoints(colleague.key)).status).toBe(200);
    expect((await listEndpoints(other.apiKey)).status).toBe(200);
  });
});
