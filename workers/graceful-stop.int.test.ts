// SIGTERM with a delivery in flight: the worker stops fetching, lets the request finish and records
// it, then exits 0. Nothing is left `sending` for another worker to redo.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEndpoint } from "../server/modules/endpoints/endpoint.service";
import { createEndpointSchema } from "../server/modules/endpoints/endpoint.schemas";
import { type Publisher, startPublisher } from "../server/testing/publisher";
import { type Receiver, startReceiver } from "../server/testing/receiver";
import { createTenantFixture } from "../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase } from "../server/testing/test-database";
import { waitFor } from "../server/testing/wait-for";
import { startWorkerProcess } from "../server/testing/worker-process";

let database: TestDatabase;
let publisher: Publisher;
let receiver: Receiver;

beforeAll(async () => {
  database = await createTestDatabase();
  publisher = await startPublisher(database.db, database.url);
  receiver = await startReceiver((_request, response) => void setTimeout(() => response.writeHead(200).end("slow but fine"), 1_500));
});
afterAll(async () => {
  await publisher?.stop();
  await receiver?.close();
  await database?.drop();
});

describe("graceful stop", () => {
  it("drains the in-flight delivery on SIGTERM and exits 0", async () => {
    const tenant = await createTenantFixture(database.db);
    const endpoint = await createEndpoint(database.db, tenant.tenantId, createEndpointSchema.parse({ url: receiver.url }), {
      allowPrivateTargets: true,
      defaultTimeoutMs: 10_000,
    });
    const worker = await startWorkerProcess({ DATABASE_URL: database.url, HOOKLINE_ALLOW_PRIVATE_TARGETS: "1" });
    const eventId = await publisher.publish(tenant.tenantId, "ping");
    await waitFor(async () => receiver.requests.length === 1, { what: "the request to be in flight" });
    const stoppedAt = Date.now();
    expect(await worker.stop("SIGTERM")).toBe(0);
    const delivery = await database.db.delivery.findFirstOrThrow({ where: { eventId, endpointId: endpoint.id } });
    expect(delivery).toMatchObject({ status: "delivered", attemptCount: 1, lastResponseStatus: 200 });
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(1_000); // it waited for the answer
  });
});
