// The portal's tRPC routers through the real fetch handler (app/api/trpc) on a real PostgreSQL: a
// next-auth session cookie (minted with the same secret) signs users in; the tenant is the session's,
// or another of the user's tenants named by x-hookline-tenant. Covered: 401 without a valid session,
// 403 outside one's memberships, 404 for another tenant's ids, secrets and keys shown once, field-named
// validation errors, replay preview and the replay lifecycle, and a key revoked here refused by REST.
// No worker runs: deliveries made by test events stay pending unless a test settles them.
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as trpcGet, POST as trpcPost } from "../../../app/api/trpc/[trpc]/route";
import { GET as listEndpointsRoute } from "../../../app/api/v1/endpoints/route";
import { webBoss } from "../../jobs/boss";
import { usersRepo } from "../../modules/users/user.repo";
import { createUserInTenant } from "../../modules/users/user.service";
import { callRoute } from "../../testing/call-route";
import { createTenantFixture, TEST_EVENT_TYPES, type TenantFixture } from "../../testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../testing/test-database";
import type { AppRouter } from "../app-router";
import { TENANT_COOKIE, TENANT_HEADER } from "../tenant-header";

const SECRET = "portal-test-secret-0123456789abcdef0123456789";
const SESSION_COOKIE = "next-auth.session-token";

let database: TestDatabase;
let a: TenantFixture;
let b: TenantFixture;
let c: TenantFixture;
let alice: string; // member of A (session tenant) and C
let bob: string; // member of B only

beforeAll(async () => {
  database = await createTestDatabase();
  // NEXTAUTH_URL unset: both cookie names are accepted (the secure one is tried first).
  useAsProcessDatabase(database, { NEXTAUTH_SECRET: SECRET, NEXTAUTH_URL: "" });
  a = await createTenantFixture(database.db, "Tenant A");
  b = await createTenantFixture(database.db, "Tenant B");
  c = await createTenantFixture(database.db, "Tenant C");
  alice = (await createUserInTenant(database.db, a.tenantId, { email: "alice@example.com", name: "Alice", password: "correct horse", role: "owner" })).id;
  await usersRepo(database.db).addMembership(c.tenantId, alice, "member");
  bob = (await createUserInTenant(database.db, b.tenantId, { email: "bob@example.com", name: "Bob", password: "battery staple", role: "owner" })).id;
});
afterAll(async () => {
  await (await webBoss(database.url)).stop({ graceful: false });
  await database?.drop();
});

/** A session cookie as next-auth's jwt callback leaves it: the user id in `sub`, the landing tenant. */
async function sessionCookie(userId: string, tenantId: string | null, options: { secret?: string; name?: string } = {}): Promise<string> {
  const token = await encode({ token: { sub: userId, tenantId, email: `${userId}@example.com` }, secret: options.secret ?? SECRET });
  return `theme=dark; ${options.name ?? SESSION_COOKIE}=${token}`;
}

const routedFetch: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  return request.method === "GET" ? trpcGet(request) : trpcPost(request);
};

/** The typed client the portal will use, through the real route handler. */
function portal(cookie: string | undefined, tenant?: string) {
  const headers = { ...(cookie ? { cookie } : {}), ...(tenant ? { [TENANT_HEADER]: tenant } : {}) };
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: "http://hookline.test/api/trpc", headers, fetch: routedFetch })] });
}

const asAlice = async (tenant?: string) => portal(await sessionCookie(alice, a.tenantId), tenant);
const asBob = async () => portal(await sessionCookie(bob, b.tenantId));

/** The error a call fails with, as the client sees it. */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => expect.fail("the call succeeded"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return (error as TRPCClientError<AppRouter>).data!;
}

/** A query over plain HTTP, for the status code itself. */
async function rawQuery(path: string, input: unknown, headers: Record<string, string> = {}) {
  const url = `http://hookline.test/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await trpcGet(new Request(url, { headers }));
  return { status: response.status, body: await response.json() };
}

describe("signing in", () => {
  it("no session cookie, one sealed with another secret, or an API key → 401 UNAUTHORIZED", async () => {
    const foreign = await sessionCookie(alice, a.tenantId, { secret: "some-other-secret-0123456789abcdef0123" });
    const attempts: Record<string, string>[] = [{}, { cookie: "theme=dark" }, { cookie: foreign }, { authorization: `Bearer ${a.apiKey}` }];
    for (const headers of attempts) {
      const response = await rawQuery("endpoints.list", {}, headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.body.error.data).toMatchObject({ code: "UNAUTHORIZED", appCode: "unauthorized" });
    }
  });

  it("a session opens its own tenant, under either cookie name", async () => {
    const created = await (await asAlice()).endpoints.create.mutate({ url: "https://example.com/a" });
    for (const name of [SESSION_COOKIE, `__Secure-${SESSION_COOKIE}`]) {
      const list = await portal(await sessionCookie(alice, a.tenantId, { name })).endpoints.list.query({});
      expect(list.data.map((e) => e.id)).toContain(created.id);
    }
  });

  it(`${TENANT_HEADER} switches to another of the user's tenants; any other tenant → 403 FORBIDDEN`, async () => {
    const inC = await (await asAlice(c.tenantId)).endpoints.create.mutate({ url: "https://example.com/c" });
    await expect((await asAlice(c.tenantId)).endpoints.get.query({ id: inC.id })).resolves.toMatchObject({ id: inC.id });
    expect((await refusal((await asAlice()).endpoints.get.query({ id: inC.id }))).code).toBe("NOT_FOUND");

    const cookie = await sessionCookie(alice, a.tenantId);
    for (const tenant of [b.tenantId, "ten_does_not_exist"]) {
      const response = await rawQuery("endpoints.list", {}, { cookie, [TENANT_HEADER]: tenant });
      expect(response.status).toBe(403);
      expect(response.body.error.data).toMatchObject({ code: "FORBIDDEN", appCode: "forbidden" });
    }
    // A session without a tenant (no membership at sign-in) opens nothing by itself.
    expect((await refusal(portal(await sessionCookie(alice, null)).endpoints.list.query({}))).code).toBe("FORBIDDEN");
    expect(await portal(await sessionCookie(alice, null), a.tenantId).endpoints.list.query({})).toMatchObject({ data: expect.any(Array) });
  });
});

describe("the tenant switcher's cookie and session.me", () => {
  it("me lists the user's tenants; the cookie picks one they belong to, and a stale one falls back to the session's", async () => {
    const base = await sessionCookie(alice, a.tenantId);
    const me = await portal(base).session.me.query();
    expect(me.user).toMatchObject({ id: alice, email: "alice@example.com", name: "Alice" });
    expect(me.tenants.map((t) => [t.id, t.role])).toEqual([[a.tenantId, "owner"], [c.tenantId, "member"]]);
    expect(me.current_tenant_id).toBe(a.tenantId);

    const inC = await portal(`${base}; ${TENANT_COOKIE}=${c.tenantId}`).endpoints.create.mutate({ url: "https://example.com/via-cookie" });
    await expect(portal(base, c.tenantId).endpoints.get.query({ id: inC.id })).resolves.toMatchObject({ id: inC.id });
    expect((await portal(`${base}; ${TENANT_COOKIE}=${c.tenantId}`).session.me.query()).current_tenant_id).toBe(c.tenantId);

    // Bob's tenant in Alice's cookie is not hers: she lands in her own tenant, and sees nothing of B.
    const stale = portal(`${base}; ${TENANT_COOKIE}=${b.tenantId}`);
    expect((await stale.session.me.query()).current_tenant_id).toBe(a.tenantId);
    expect((await refusal(stale.endpoints.get.query({ id: inC.id }))).code).toBe("NOT_FOUND");
  });

  it("a user without a tenant gets a profile with none; no session → 401", async () => {
    const loner = (await createUserInTenant(database.db, b.tenantId, { email: "carol@example.com", name: "Carol", password: "0123456789", role: "member" })).id;
    await database.db.membership.deleteMany({ where: { userId: loner } });
    const me = await portal(await sessionCookie(loner, null)).session.me.query();
    expect(me).toMatchObject({ tenants: [], current_tenant_id: null });
    expect((await rawQuery("session.me", undefined)).status).toBe(401);
  });
});

describe("tenant isolation", () => {
  it("another tenant's endpoint is NOT_FOUND (404) by id, on every procedure that takes one, and stays intact", async () => {
    const mine = await (await asAlice()).endpoints.create.mutate({ url: "https://example.com/isolated", description: "alice's" });
    const bobs = await asBob();
    const id = mine.id;
    const attempts = [
      () => bobs.endpoints.get.query({ id }),
      () => bobs.endpoints.health.query({ id }),
      () => bobs.endpoints.update.mutate({ id, description: "bob was here" }),
      () => bobs.endpoints.rotateSecret.mutate({ id }),
      () => bobs.endpoints.enable.mutate({ id }),
      () => bobs.endpoints.sendTest.mutate({ id }),
      () => bobs.endpoints.delete.mutate({ id }),
      () => bobs.replays.preview.query({ endpoint_id: id }),
      () => bobs.replays.create.mutate({ endpoint_id: id, rate_per_second: 1 }),
    ];
    for (const attempt of attempts) expect(await refusal(attempt())).toMatchObject({ code: "NOT_FOUND", httpStatus: 404, appCode: "not_found" });
    const raw = await rawQuery("endpoints.get", { id }, { cookie: await sessionCookie(bob, b.tenantId) });
    expect(raw.status).toBe(404);
    expect(await (await asAlice()).endpoints.get.query({ id })).toMatchObject({ description: "alice's" });
    expect((await bobs.endpoints.list.query({})).data.map((e) => e.id)).not.toContain(id);
  });
});

describe("endpoints", () => {
  it("the secret is in the create and rotate responses only; update is PATCH; delete removes", async () => {
    const client = await asAlice();
    const created = await client.endpoints.create.mutate({ url: "https://example.com/secret", event_types: ["invoice.*"], max_concurrency: 3 });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created).toMatchObject({ event_types: ["invoice.*"], max_concurrency: 3, enabled: true });
    const listed = (await client.endpoints.list.query({ limit: 100 })).data.find((e) => e.id === created.id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty("secret");
    expect(await client.endpoints.get.query({ id: created.id })).not.toHaveProperty("secret");

    const rotated = await client.endpoints.rotateSecret.mutate({ id: created.id, overlap_seconds: 0 });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);

    const updated = await client.endpoints.update.mutate({ id: created.id, description: "renamed" });
    expect(updated).toMatchObject({ description: "renamed", url: "https://example.com/secret", event_types: ["invoice.*"], max_concurrency: 3 });
    expect(await client.endpoints.update.mutate({ id: created.id, enabled: false })).toMatchObject({ enabled: false, disabled_reason: "manual" });
    expect(await client.endpoints.enable.mutate({ id: created.id })).toMatchObject({ enabled: true, disabled_reason: null });
    expect(await client.endpoints.health.query({ id: created.id })).toMatchObject({ endpoint_id: created.id, enabled: true, last_attempt: null });

    await client.endpoints.delete.mutate({ id: created.id });
    expect((await refusal(client.endpoints.get.query({ id: created.id }))).code).toBe("NOT_FOUND");
  });

  it.each([
    ["a URL that is not http(s)", { url: "ftp://example.com/x" }, "url"],
    ["an unknown field", { url: "https://example.com/x", colour: "red" }, "colour"],
    ["a wrong type", { url: "https://example.com/x", max_concurrency: "ten" }, "max_concurrency"],
  ])("create with %s → 422 naming the field, as on REST", async (_, input, field) => {
    const data = await refusal((await asAlice()).endpoints.create.mutate(input as never));
    expect(data).toMatchObject({ code: "UNPROCESSABLE_CONTENT", httpStatus: 422 });
    expect(data.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it("what the service checks (unknown event types, storable text, an empty PATCH) is named too", async () => {
    const client = await asAlice();
    const unknownType = await refusal(client.endpoints.create.mutate({ url: "https://example.com/x", event_types: ["*", "nope.never"] }));
    expect(unknownType).toMatchObject({ code: "UNPROCESSABLE_CONTENT", httpStatus: 422, appCode: "unprocessable" });
    expect(unknownType.details).toEqual([{ field: "event_types.1", message: expect.any(String) }]);
    const nul = await refusal(client.endpoints.create.mutate({ url: "https://example.com/x", description: "a\u0000b" }));
    expect(nul).toMatchObject({ code: "UNPROCESSABLE_CONTENT", details: [{ field: "description", message: expect.any(String) }] });
    const { id } = await client.endpoints.create.mutate({ url: "https://example.com/empty-patch" });
    const empty = await refusal(client.endpoints.update.mutate({ id }));
    expect(empty).toMatchObject({ code: "UNPROCESSABLE_CONTENT", details: [{ message: expect.stringContaining("nothing to update") }] });
  });
});

describe("events, deliveries and replays", () => {
  let client: Awaited<ReturnType<typeof asAlice>>;
  let endpointId: string;
  let sent: { event_id: string; delivery_id: string }[];

  beforeAll(async () => {
    client = await asAlice();
    endpointId = (await client.endpoints.create.mutate({ url: "https://example.com/replays" })).id;
    sent = [];
    for (let i = 0; i < 3; i++) sent.push(await client.endpoints.sendTest.mutate({ id: endpointId, type: "invoice.paid" }));
    // Settled by hand (no worker runs): two failed, one still pending.
    await database.db.$executeRaw`UPDATE deliveries SET status = 'failed' WHERE id = ANY(${sent.slice(0, 2).map((s) => s.delivery_id)}::text[])`;
  });

  it("reads events and deliveries with the REST filters", async () => {
    const event = await client.events.get.query({ id: sent[0]!.event_id });
    expect(event).toMatchObject({ id: sent[0]!.event_id, type: "invoice.paid", deliveries: [{ id: sent[0]!.delivery_id }] });
    expect((await client.events.list.query({ type: "invoice.*" })).data.map((e) => e.id)).toEqual(expect.arrayContaining(sent.map((s) => s.event_id)));
    const failed = await client.deliveries.list.query({ endpoint_id: endpointId, status: "failed" });
    expect(failed.data.map((d) => d.id).sort()).toEqual(sent.slice(0, 2).map((s) => s.delivery_id).sort());
    expect(await client.deliveries.get.query({ id: sent[2]!.delivery_id })).toMatchObject({ status: "pending", attempts: [] });
    expect((await refusal(client.deliveries.list.query({ status: "bogus" }))).details).toEqual([expect.objectContaining({ field: "status" })]);
    expect((await refusal((await asBob()).deliveries.get.query({ id: sent[0]!.delivery_id }))).code).toBe("NOT_FOUND");
    expect((await refusal((await asBob()).events.get.query({ id: sent[0]!.event_id }))).code).toBe("NOT_FOUND");
  });

  it("preview counts what a filter matches now", async () => {
    expect(await client.replays.preview.query({ endpoint_id: endpointId })).toEqual({ total: 2, too_many: false });
    expect(await client.replays.preview.query({ endpoint_id: endpointId, statuses: ["delivered"] })).toEqual({ total: 0, too_many: false });
    expect(await client.replays.preview.query({ endpoint_id: endpointId, event_types: ["customer.*"] })).toEqual({ total: 0, too_many: false });
    expect(await client.replays.preview.query({ endpoint_id: endpointId, delivery_ids: [sent[0]!.delivery_id] })).toEqual({ total: 1, too_many: false });
    const inverted = await refusal(client.replays.preview.query({ endpoint_id: endpointId, since: "2026-01-02T00:00:00Z", until: "2026-01-01T00:00:00Z" }));
    expect(inverted.details).toEqual([expect.objectContaining({ field: "until" })]);
  });

  it("a replay job is created, paused, resumed and cancelled; a single delivery replays unless it is still on its way", async () => {
    const replay = await client.replays.create.mutate({ endpoint_id: endpointId, rate_per_second: 5 });
    expect(replay).toMatchObject({ endpoint_id: endpointId, state: "running", total: 2, sent: 0, remaining: 2 });
    expect(await client.replays.pause.mutate({ id: replay.id })).toMatchObject({ state: "paused" });
    expect(await client.replays.resume.mutate({ id: replay.id })).toMatchObject({ state: "running" });
    expect(await client.replays.cancel.mutate({ id: replay.id })).toMatchObject({ state: "cancelled", remaining: 0 });
    expect(await refusal(client.replays.resume.mutate({ id: replay.id }))).toMatchObject({ code: "CONFLICT", httpStatus: 409 });
    expect(await client.replays.get.query({ id: replay.id })).toMatchObject({ state: "cancelled", total: 2 });
    expect((await refusal((await asBob()).replays.get.query({ id: replay.id }))).code).toBe("NOT_FOUND");

    const single = await client.deliveries.replay.mutate({ id: sent[1]!.delivery_id });
    expect(single).toMatchObject({ total: 1, filter: { delivery_ids: [sent[1]!.delivery_id] } });
    expect((await client.replays.list.query({ endpoint_id: endpointId })).data.map((r) => r.id)).toEqual([single.id, replay.id]);
    expect((await refusal(client.deliveries.replay.mutate({ id: sent[2]!.delivery_id }))).code).toBe("CONFLICT");
  });
});

describe("API keys and event types", () => {
  it("the key is shown once; once revoked here, REST answers 401 to it", async () => {
    const client = await asAlice();
    const created = await client.apiKeys.create.mutate({ name: "ci" });
    expect(created.key).toEqual(expect.any(String));
    expect((await callRoute(listEndpointsRoute, { token: created.key })).status).toBe(200);
    const listed = (await client.apiKeys.list.query({})).data.find((k) => k.id === created.id);
    expect(listed).toMatchObject({ name: "ci", revoked_at: null });
    expect(listed).not.toHaveProperty("key");

    expect((await refusal((await asBob()).apiKeys.revoke.mutate({ id: created.id }))).code).toBe("NOT_FOUND");
    await client.apiKeys.revoke.mutate({ id: created.id });
    const refused = await callRoute(listEndpointsRoute, { token: created.key });
    expect(refused.status).toBe(401);
    expect((await client.apiKeys.list.query({})).data.find((k) => k.id === created.id)?.revoked_at).toEqual(expect.any(String));
  });

  it("lists the platform's event types", async () => {
    const types = await (await asBob()).eventTypes.list.query();
    expect(types.data.map((t) => t.name)).toEqual(expect.arrayContaining(TEST_EVENT_TYPES));
  });
});
