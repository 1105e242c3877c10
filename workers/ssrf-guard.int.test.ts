// The SSRF guard in the real worker (private targets NOT allowed): endpoints that resolve to or name
// loopback addresses are refused at connect time, nothing reaches the receiver, and the delivery
// fails with the reason instead of retrying.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEndpoint } from "../server/modules/endpoints/endpoint.service";
import { createEndpointSchema } from "../server/modules/endpoints/endpoint.schemas";
import { type Publisher, startPublisher } from "../server/testing/publisher";
import { type Receiver, startReceiver } from "../server/testing/receiver";
import { createTenantFixture, type TenantFixture } from "../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase } from "../server/testing/test-database";
import { waitFor } from "../server/testing/wait-for";
import { startWorkerProcess, type WorkerProcess } from "../server/testing/worker-process";

let database: TestDatabase;
let worker: WorkerProcess;
let publisher: Publisher;
let receiver: Receiver;
let tenant: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenantFixture(database.db);
  publisher = await startPublisher(database.db, database.url);
  receiver = await startReceiver();
  worker = await startWorkerProcess({ DATABASE_URL: database.url, HOOKLINE_ALLOW_PRIVATE_TARGETS: "0" });
});
afterAll(async () => {
  await worker?.stop();
  await publisher?.stop();
  await receiver?.close();
  await database?.drop();
});

describe("SSRF guard at connect time", () => {
  const port = () => new URL(receiver.url).port;
  it.each([
    ["a name resolving to loopback", () => `http://localhost:${port()}/hook`],
    ["a literal loopback IPv4", () => `http://127.0.0.1:${port()}/hook`],
    ["an IPv4-mapped IPv6 literal", () => `http://[::ffff:127.0.0.1]:${port()}/hook`],
  ])("refuses %s without sending anything", async (_name, url) => {
    // Created with the guard off (as if the URL had pointed elsewhere when it was saved).
    const endpoint = await createEndpoint(database.db, tenant.tenantId, createEndpointSchema.parse({ url: url(), event_types: ["ping"] }), {
      allowPrivateTargets: true,
      defaultTimeoutMs: 5_000,
    });
    const eventId = await publisher.publish(tenant.tenantId, "ping");
    const delivery = await waitFor(async () => {
      const row = await database.db.delivery.findFirst({ where: { eventId, endpointId: endpoint.id } });
      return row?.status === "failed" ? row : null;
    });
    expect(delivery).toMatchObject({ attemptCount: 1, lastResponseStatus: null });
    expect(delivery.lastError).toMatch(/private or reserved.*loopback/);
    const attempt = await database.db.attempt.findFirstOrThrow({ where: { deliveryId: delivery.id } });
    expect(attempt).toMatchObject({ errorKind: "blocked_address", responseStatus: null });
    expect(receiver.requests).toHaveLength(0);
  });
});
