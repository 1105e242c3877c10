// Fan-out at scale and the sweeper, with the real worker: 10,000 endpoints on one event go out in
// bounded chunks with exactly one delivery each; re-running fan-out creates nothing; a delivery
// whose job was lost is found by the sweeper and delivered.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqlPool, type SqlPool } from "../server/db/sql";
import { secretFromBytes } from "../server/delivery/signature";
import { QUEUE } from "../server/jobs/queues";
import { newId } from "../server/lib/ids";
import { type Publisher, startPublisher } from "../server/testing/publisher";
import { type Receiver, startReceiver } from "../server/testing/receiver";
import { createTenantFixture, type TenantFixture } from "../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase } from "../server/testing/test-database";
import { waitFor } from "../server/testing/wait-for";
import { startWorkerProcess, type WorkerProcess } from "../server/testing/worker-process";
import { FAN_OUT_CHUNK } from "./fan-out.job";
import { sweepLostDeliveries } from "./sweeper";

let database: TestDatabase;
let worker: WorkerProcess;
let publisher: Publisher;
let receiver: Receiver;
let tenant: TenantFixture;
let sql: SqlPool;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenantFixture(database.db);
  publisher = await startPublisher(database.db, database.url);
  receiver = await startReceiver(undefined, { record: false });
  sql = createSqlPool(database.url, 2, () => undefined);
  worker = await startWorkerProcess({ DATABASE_URL: database.url, HOOKLINE_ALLOW_PRIVATE_TARGETS: "1", WORKER_CONCURRENCY: "200" });
});
afterAll(async () => {
  await worker?.stop();
  await publisher?.stop();
  await sql?.end();
  await receiver?.close();
  await database?.drop();
});

async function insertEndpoints(count: number, eventTypes: string[]): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId("ep"));
  await sql.executeSql(
    `INSERT INTO endpoints (tenant_id, id, url, event_types) SELECT $1, id, $2, $3::text[] FROM unnest($4::text[]) AS id`,
    [tenant.tenantId, `${receiver.url}/bulk`, eventTypes, ids],
  );
  // Every endpoint signs with a secret of its own (an endpoint without one is never sent to).
  await sql.executeSql(
    `INSERT INTO endpoint_secrets (tenant_id, id, endpoint_id, secret) SELECT $1, 'sec_' || substr(id, 4), id, $2 FROM unnest($3::text[]) AS id`,
    [tenant.tenantId, secretFromBytes(randomBytes(32)), ids],
  );
  return ids;
}

const countRows = async (text: string, values: unknown[]) => Number((await sql.executeSql(text, values)).rows[0].count);

describe("fan-out", () => {
  it("10,000 endpoints on one event: bounded chunks, one delivery each, all delivered", async () => {
    await insertEndpoints(10_000, ["customer.*"]);
    const eventId = await publisher.publish(tenant.tenantId, "customer.created");
    const delivered = () =>
      countRows(`SELECT count(*) AS count FROM deliveries WHERE tenant_id = $1 AND event_id = $2 AND status = 'delivered'`, [tenant.tenantId, eventId]);
    await waitFor(async () => (await delivered()) === 10_000, { timeoutMs: 90_000, what: "10,000 deliveries" });
    const chunks = await countRows(`SELECT count(*) AS count FROM pgboss.job WHERE name = $1 AND data->>'eventId' = $2`, [QUEUE.fanOut, eventId]);
    expect(chunks).toBe(Math.ceil(10_000 / FAN_OUT_CHUNK) + 1); // the last chunk comes back short (here: empty)
    const distinct = await countRows(`SELECT count(DISTINCT endpoint_id) AS count FROM deliveries WHERE tenant_id = $1 AND event_id = $2`, [tenant.tenantId, eventId]);
    expect(distinct).toBe(10_000);

    // A re-run (a retried or duplicated fan-out job) creates no deliveries and no deliver jobs.
    const jobsBefore = await countRows(`SELECT count(*) AS count FROM pgboss.job WHERE name = $1`, [QUEUE.deliver]);
    await publisher.deps.boss.send(QUEUE.fanOut, { tenantId: tenant.tenantId, eventId, type: "customer.created" });
    await waitFor(async () => (await countRows(`SELECT count(*) AS count FROM pgboss.job WHERE name = $1 AND state <> 'completed'`, [QUEUE.fanOut])) === 0);
    expect(await countRows(`SELECT count(*) AS count FROM deliveries WHERE tenant_id = $1 AND event_id = $2`, [tenant.tenantId, eventId])).toBe(10_000);
    expect(await countRows(`SELECT count(*) AS count FROM pgboss.job WHERE name = $1`, [QUEUE.deliver])).toBe(jobsBefore);
  }, 120_000);

  it("an endpoint created just before the publish receives the event", async () => {
    const [endpointId] = await insertEndpoints(1, ["invoice.paid"]);
    const eventId = await publisher.publish(tenant.tenantId, "invoice.paid");
    await waitFor(() => database.db.delivery.findFirst({ where: { eventId, endpointId, status: "delivered" } }));
  });
});

describe("sweeper", () => {
  it("re-enqueues a due delivery whose job was lost, and leaves ones with a queued job alone", async () => {
    const [endpointId] = await insertEndpoints(1, ["ping"]);
    const eventId = await publisher.publish(tenant.tenantId, "ping");
    await waitFor(() => database.db.delivery.findFirst({ where: { eventId, endpointId, status: "delivered" } }));
    // Simulate a lost job: the delivery is due again, and no job exists for it.
    const lost = await database.db.delivery.update({
      where: { tenantId_id: { tenantId: tenant.tenantId, id: (await database.db.delivery.findFirstOrThrow({ where: { eventId, endpointId } })).id } },
      data: { status: "retrying", nextAttemptAt: new Date(Date.now() - 60_000) },
    });
    // A delivery that is not yet overdue by the grace period is not touched.
    expect(await sweepLostDeliveries(sql, publisher.deps.boss, 120_000)).toBe(0);
    expect(await sweepLostDeliveries(sql, publisher.deps.boss, 1_000)).toBe(1);
    // Its job is now live (queued, or already running), so a second sweep finds nothing to do.
    expect(await sweepLostDeliveries(sql, publisher.deps.boss, 1_000)).toBe(0);
    const redelivered = await waitFor(() => database.db.delivery.findFirst({ where: { id: lost.id, status: "delivered", attemptCount: 2 } }));
    expect(redelivered.attemptCount).toBe(2);
  });

  it("releases held deliveries an enabled, closed endpoint was left with, and re-probes an open circuit whose probe is overdue", async () => {
    const [releasable, open] = await insertEndpoints(2, ["customer.created"]);
    await sql.executeSql(`UPDATE endpoints SET circuit_state = 'open', circuit_opened_at = now(), circuit_cooldown_ms = 1000, circuit_probe_at = now() - interval '1 minute' WHERE id = $1`, [open]);
    // Deliveries held while the endpoints were unavailable, whose release or probe job was then lost.
    const eventId = await publisher.publish(tenant.tenantId, "ping");
    await sql.executeSql(
      `INSERT INTO deliveries (tenant_id, id, event_id, endpoint_id, status) SELECT $1, 'dlv_' || md5(e), $2, e, 'held' FROM unnest($3::text[]) AS e`,
      [tenant.tenantId, eventId, [releasable, open]],
    );
    expect(await sweepLostDeliveries(sql, publisher.deps.boss, 1_000)).toBe(2);
    expect(await sweepLostDeliveries(sql, publisher.deps.boss, 1_000)).toBe(0); // their jobs are live now
    // The released one is delivered; the open circuit's held delivery goes out as its probe, which closes it.
    await waitFor(() => database.db.delivery.findFirst({ where: { eventId, endpointId: releasable, status: "delivered" } }), { what: "released" });
    await waitFor(() => database.db.delivery.findFirst({ where: { eventId, endpointId: open, status: "delivered" } }));
    const [closed] = await database.db.$queryRawUnsafe<{ state: string }[]>(`SELECT circuit_state::text AS state FROM endpoints WHERE id = $1`, open);
    expect(closed?.state).toBe("closed");
  });
});
