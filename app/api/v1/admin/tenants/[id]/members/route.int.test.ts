// POST /api/v1/admin/tenants/{id}/members through the real route handler on a real PostgreSQL: a new
// email becomes a user who can sign in with the given password; a known email only gains the
// membership (its password stays); 409 for a second membership, 422 naming the password a new user
// lacks, 404 for an unknown tenant (nothing written in either case), 401 without the admin token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as addMemberRoute } from "./route";
import { authorizeWithPassword } from "../../../../../../../server/auth/auth-options";
import { callRoute } from "../../../../../../../server/testing/call-route";
import { createTenantFixture, type TenantFixture } from "../../../../../../../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../../../../../../server/testing/test-database";

const ADMIN_TOKEN = "admin-token-for-members";
let database: TestDatabase;
let first: TenantFixture;
let second: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  useAsProcessDatabase(database, { ADMIN_API_TOKEN: ADMIN_TOKEN });
  first = await createTenantFixture(database.db, "First");
  second = await createTenantFixture(database.db, "Second");
});
afterAll(async () => {
  await database?.drop();
});

const addMember = (tenantId: string, body: unknown, token = ADMIN_TOKEN) =>
  callRoute(addMemberRoute, { path: `/api/v1/admin/tenants/${tenantId}/members`, token, params: { id: tenantId }, body });

const membershipsOf = (email: string) =>
  database.db.membership.findMany({ where: { user: { email } }, orderBy: { createdAt: "asc" }, select: { tenantId: true, role: true } });

describe("a new email", () => {
  it("becomes a user with a scrypt-hashed password who can sign in to the tenant; the role defaults to member", async () => {
    const response = await addMember(first.tenantId, { email: "Dana@Example.com", name: "Dana", password: "dana-password-1" });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toEqual({ user_id: expect.stringMatching(/^usr_/), email: "dana@example.com", tenant_id: first.tenantId, role: "member", created_user: true });

    const user = await database.db.user.findUnique({ where: { email: "dana@example.com" } });
    expect(user).toMatchObject({ id: response.body.user_id, name: "Dana", passwordHash: expect.stringMatching(/^scrypt\$/) });
    expect(await authorizeWithPassword({ email: "dana@example.com", password: "dana-password-1" })).toMatchObject({ id: user!.id, tenantId: first.tenantId });
  });

  it("without a password, or with a short one, is 422 naming password, and creates no user", async () => {
    for (const body of [{ email: "nopass@example.com" }, { email: "nopass@example.com", password: "short" }]) {
      const response = await addMember(first.tenantId, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual(["password"]);
    }
    expect(await database.db.user.count({ where: { email: "nopass@example.com" } })).toBe(0);
  });

  it("added twice at once: one 201 and one 409, one user", async () => {
    const body = { email: "twice@example.com", password: "twice-password" };
    const statuses = (await Promise.all([addMember(first.tenantId, body), addMember(first.tenantId, body)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([201, 409]);
    expect(await membershipsOf("twice@example.com")).toEqual([{ tenantId: first.tenantId, role: "member" }]);
  });
});

describe("a known email", () => {
  it("gains the membership with the role asked; the password given is ignored and the old one still signs in", async () => {
    await addMember(first.tenantId, { email: "erin@example.com", password: "erin-original", role: "owner" });
    const response = await addMember(second.tenantId, { email: "ERIN@example.com", name: "Someone else", password: "erin-replaced", role: "admin" });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ email: "erin@example.com", tenant_id: second.tenantId, role: "admin", created_user: false });

    expect(await membershipsOf("erin@example.com")).toEqual([
      { tenantId: first.tenantId, role: "owner" },
      { tenantId: second.tenantId, role: "admin" },
    ]);
    expect(await authorizeWithPassword({ email: "erin@example.com", password: "erin-original" })).toMatchObject({ id: response.body.user_id });
    expect(await authorizeWithPassword({ email: "erin@example.com", password: "erin-replaced" })).toBeNull();
    expect((await database.db.user.findUnique({ where: { email: "erin@example.com" } }))?.name).toBe("");
  });

  it("already a member: 409, the role unchanged", async () => {
    await addMember(first.tenantId, { email: "frank@example.com", password: "frank-password" });
    const again = await addMember(first.tenantId, { email: "frank@example.com", role: "owner" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    expect(await membershipsOf("frank@example.com")).toEqual([{ tenantId: first.tenantId, role: "member" }]);
  });
});

describe("refusals", () => {
  it("an unknown tenant is 404 and creates no user", async () => {
    const response = await addMember("ten_does_not_exist", { email: "ghost@example.com", password: "ghost-password" });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not_found");
    expect(await database.db.user.count({ where: { email: "ghost@example.com" } })).toBe(0);
  });

  it("a tenant API key or no token is 401; an unknown role or field is 422 naming it", async () => {
    for (const token of [first.apiKey, ""]) expect((await addMember(first.tenantId, { email: "x@example.com", password: "x-password-1" }, token)).status).toBe(401);
    const badRole = await addMember(first.tenantId, { email: "x@example.com", password: "x-password-1", role: "superuser" });
    expect(badRole.status).toBe(422);
    expect(badRole.body.error.details.map((d: { field: string }) => d.field)).toEqual(["role"]);
    const unknown = await addMember(first.tenantId, { email: "x@example.com", password: "x-password-1", tenant: "t" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.map((d: { field: string }) => d.field)).toEqual(["tenant"]);
    expect(await database.db.user.count({ where: { email: "x@example.com" } })).toBe(0);
  });
});
