// POST /api/v1/endpoints/{id}/rotate-secret end to end: the real route, PostgreSQL, worker and a loopback
// receiver. During the overlap each delivery carries one `v1,` signature per valid secret and each
// verifies with its own secret through the official `standardwebhooks` package; after the overlap (or
// at once with overlap 0) only the new secret signs. The secret is never in a read or update response.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as rotateRoute } from "./[id]/rotate-secret/route";
import { GET as getEndpointRoute, PATCH as patchEndpointRoute } from "./[id]/route";
import { GET as listEndpointsRoute } from "./route";
import { webBoss } from "../../../../server/jobs/boss";
import { MAX_VALID_SECRETS } from "../../../../server/modules/endpoints/endpoint-secret.service";
import { callRoute, type RouteResult } from "../../../../server/testing/call-route";
import { type IsolationStack, startIsolationStack } from "../../../../server/testing/isolation-stack";
import { type ReceivedRequest, type Receiver, startReceiver } from "../../../../server/testing/receiver";
import { createTenantFixture, type TenantFixture } from "../../../../server/testing/tenant-fixture";
import { waitFor } from "../../../../server/testing/wait-for";

let stack: IsolationStack;
let receiver: Receiver;
let other: TenantFixture;

beforeAll(async () => {
  stack = await startIsolationStack({ RETRY_SCHEDULE: "1s,1s", RETRY_JITTER: "0" });
  receiver = await startReceiver();
  other = await createTenantFixture(stack.database.db, "Other tenant");
});
afterAll(async () => {
  await receiver?.close();
  // The web process's enqueue-only pg-boss (started by PATCH): closed before its database goes.
  await (await webBoss(stack.database.url)).stop({ graceful: false });
  await stack?.close();
});

/** Endpoints that never receive anything: no test publishes this type (and example.com is unreachable). */
const QUIET = { event_types: ["invoice.payment.failed"] };

const rotate = (id: string, body?: unknown, token = stack.tenant.apiKey) => callRoute(rotateRoute, { method: "POST", token, params: { id }, body });

async function rotated(id: string, body?: unknown): Promise<{ secret: string; previous_expires_at: string }> {
  const response = await rotate(id, body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** Publishes a ping and returns the request the endpoint's path received for it. */
async function deliveredRequest(path: string): Promise<ReceivedRequest> {
  const eventId = await stack.publisher.publish(stack.tenant.tenantId, "ping", { at: Date.now() });
  return waitFor(async () => receiver.requests.find((r) => r.path === path && r.headers["webhook-id"] === eventId), { what: `the delivery of ${eventId}` });
}

const signaturesOf = (request: ReceivedRequest) => String(request.headers["webhook-signature"]).split(" ");

function verifies(secret: string, request: ReceivedRequest, signatureHeader = String(request.headers["webhook-signature"])): boolean {
  const headers = { "webhook-id": String(request.headers["webhook-id"]), "webhook-timestamp": String(request.headers["webhook-timestamp"]), "webhook-signature": signatureHeader };
  try {
    new Webhook(secret).verify(request.body, headers);
    return true;
  } catch {
    return false;
  }
}

function expectValidation(response: RouteResult, field: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(422);
  expect(response.body.error.code).toBe("unprocessable");
  expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
}

const validSecrets = (endpointId: string) =>
  stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM endpoint_secrets WHERE endpoint_id = $1 AND (expires_at IS NULL OR expires_at > now())`, endpointId);

describe("rotation with an overlap", () => {
  it("signs with both secrets during the overlap (each verifies alone), then only with the new one", async () => {
    const { id, secret: a } = await stack.endpoint(`${receiver.url}/overlap`, { event_types: ["ping"] });
    const before = Date.now();
    const response = await rotate(id, { overlap_seconds: 3 });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(["previous_expires_at", "secret"]);
    const { secret: b, previous_expires_at } = response.body as { secret: string; previous_expires_at: string };
    expect(b).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(b.slice(6), "base64")).toHaveLength(32);
    expect(b).not.toBe(a);
    const expiresAt = Date.parse(previous_expires_at);
    expect(previous_expires_at).toBe(new Date(expiresAt).toISOString());
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3_000 - 50);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_000 + 50);

    const during = await deliveredRequest("/overlap");
    const [newest, previous] = signaturesOf(during);
    expect(signaturesOf(during)).toHaveLength(2);
    expect(signaturesOf(during).every((s) => s.startsWith("v1,"))).toBe(true);
    // The full header verifies with either secret, and each signature alone with its own secret only.
    expect(verifies(a, during)).toBe(true);
    expect(verifies(b, during)).toBe(true);
    expect(verifies(b, during, newest)).toBe(true);
    expect(verifies(a, during, newest)).toBe(false);
    expect(verifies(a, during, previous)).toBe(true);
    expect(verifies(b, during, previous)).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now() + 200)));
    const after = await deliveredRequest("/overlap");
    expect(signaturesOf(after)).toHaveLength(1);
    expect(verifies(b, after)).toBe(true);
    expect(verifies(a, after)).toBe(false);
  }, 60_000);

  it("overlap_seconds 0: the new secret alone signs at once, and previous_expires_at is now", async () => {
    const { id, secret: a } = await stack.endpoint(`${receiver.url}/no-overlap`, { event_types: ["ping"] });
    const before = Date.now();
    const { secret: b, previous_expires_at } = await rotated(id, { overlap_seconds: 0 });
    expect(Date.parse(previous_expires_at)).toBeGreaterThanOrEqual(before - 50);
    expect(Date.parse(previous_expires_at)).toBeLessThanOrEqual(Date.now() + 50);
    const request = await deliveredRequest("/no-overlap");
    expect(signaturesOf(request)).toHaveLength(1);
    expect(verifies(b, request)).toBe(true);
    expect(verifies(a, request)).toBe(false);
  }, 30_000);

  it("defaults to a one-day overlap (also with no body at all)", async () => {
    const { id } = await stack.endpoint("https://example.com/default-overlap", QUIET);
    for (const body of [undefined, {}]) {
      const before = Date.now();
      const { previous_expires_at } = await rotated(id, body);
      expect(Date.parse(previous_expires_at)).toBeGreaterThanOrEqual(before + 86_400_000 - 50);
      expect(Date.parse(previous_expires_at)).toBeLessThanOrEqual(Date.now() + 86_400_000 + 50);
    }
    expect((await validSecrets(id))[0]!.n).toBe(3);
  });

  it(`keeps at most ${MAX_VALID_SECRETS} secrets signing: rotating again retires the oldest at once`, async () => {
    const { id, secret: first } = await stack.endpoint(`${receiver.url}/many`, { event_types: ["ping"] });
    const issued = [first];
    for (let i = 0; i < MAX_VALID_SECRETS + 1; i++) issued.push((await rotated(id, { overlap_seconds: 3600 })).secret);
    expect((await validSecrets(id))[0]!.n).toBe(MAX_VALID_SECRETS);

    const request = await deliveredRequest("/many");
    const signatures = signaturesOf(request);
    expect(signatures).toHaveLength(MAX_VALID_SECRETS);
    // Newest first: signature i belongs to the i-th newest secret; the two oldest no longer verify.
    const newestFirst = [...issued].reverse();
    signatures.forEach((signature, i) => expect(verifies(newestFirst[i]!, request, signature)).toBe(true));
    expect(newestFirst.slice(MAX_VALID_SECRETS).map((secret) => verifies(secret, request))).toEqual([false, false]);
  }, 30_000);

  it("concurrent rotations are serialised: each one's secret is stored and signing", async () => {
    const { id } = await stack.endpoint("https://example.com/concurrent", QUIET);
    const results = await Promise.all([1, 2, 3].map(() => rotate(id, { overlap_seconds: 600 })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(results.map((r) => r.body.secret)).size).toBe(3);
    expect((await validSecrets(id))[0]!.n).toBe(4);
  });
});

describe("validation, tenancy and secrecy", () => {
  it("refuses a bad overlap_seconds or an unknown field with 422 naming it, and malformed JSON with 400", async () => {
    const { id } = await stack.endpoint("https://example.com/validation", QUIET);
    for (const overlap of [-1, 604_801, 1.5, "60", null]) expectValidation(await rotate(id, { overlap_seconds: overlap }), "overlap_seconds");
    expectValidation(await rotate(id, { overlap: 60 }), "overlap");
    const malformed = await callRoute(rotateRoute, { method: "POST", token: stack.tenant.apiKey, params: { id }, rawBody: "{" });
    expect(malformed.status).toBe(400);
    expect((await rotated(id, { overlap_seconds: 604_800 })).secret).toMatch(/^whsec_/);
    expect((await validSecrets(id))[0]!.n).toBe(2); // the refused requests rotated nothing
  });

  it("another tenant's endpoint id → 404 and nothing rotates; an unknown id → 404", async () => {
    const { id } = await stack.endpoint("https://example.com/tenancy", QUIET);
    const response = await rotate(id, { overlap_seconds: 0 }, other.apiKey);
    expect(response.status, JSON.stringify(response.body)).toBe(404);
    expect(response.body.error.code).toBe("not_found");
    expect((await validSecrets(id))[0]!.n).toBe(1);
    expect((await rotate("ep_01JZZZZZZZZZZZZZZZZZZZZZZZ")).status).toBe(404);
  });

  it("the secret appears only in the create and rotate responses, never in GET, list or PATCH", async () => {
    const { id, secret: a } = await stack.endpoint("https://example.com/secrecy", QUIET);
    const { secret: b } = await rotated(id, { overlap_seconds: 60 });
    const token = stack.tenant.apiKey;
    const responses = [
      await callRoute(getEndpointRoute, { token, params: { id } }),
      await callRoute(listEndpointsRoute, { token, path: "/api/v1/endpoints?limit=100" }),
      await callRoute(patchEndpointRoute, { method: "PATCH", token, params: { id }, body: { description: "rotated" } }),
    ];
    for (const response of responses) {
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain(a);
      expect(text).not.toContain(b);
      expect(text).not.toContain("whsec_");
      expect(text).not.toContain('"secret"');
    }
  });
});
