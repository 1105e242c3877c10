// Crash safety with real processes: kill -9 of the worker mid-run, a PostgreSQL restart mid-run and
// killed backend connections. Every accepted event must end delivered; duplicates are allowed
// (at-least-once) and reported. Runs on its own PostgreSQL cluster, since it restarts the server.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../server/db/client";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "../server/db/embedded";
import { migrate } from "../server/db/migrate";
import { startBoss } from "../server/jobs/boss";
import { createEndpoint } from "../server/modules/endpoints/endpoint.service";
import { createEndpointSchema } from "../server/modules/endpoints/endpoint.schemas";
import { publishEvent, type PublishDeps } from "../server/modules/events/event-publish.service";
import { IngestRateLimiter } from "../server/modules/events/ingest-rate-limit";
import { freePort } from "../server/testing/free-port";
import { type Receiver, startReceiver } from "../server/testing/receiver";
import { createTenantFixture, type TenantFixture } from "../server/testing/tenant-fixture";
import { waitFor } from "../server/testing/wait-for";
import { startWorkerProcess, type WorkerProcess } from "../server/testing/worker-process";

const cluster = { dataDir: "", port: 0, password: randomBytes(12).toString("hex"), ephemeral: true };
let server: EmbeddedPostgresHandle;
let db: Db;
let deps: PublishDeps;
let tenant: TenantFixture;
let receiver: Receiver;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  cluster.dataDir = await mkdtemp(path.join(tmpdir(), "hookline-crash-"));
  cluster.port = await freePort();
  server = await startEmbeddedPostgres(cluster);
  await migrate(server.url);
  db = createDb(server.url, 10);
  deps = { db, boss: await startBoss(server.url, "web", 10), limiter: new IngestRateLimiter({ ratePerSecond: 1e6, burst: 1e6 }) };
  tenant = await createTenantFixture(db);
  // A little latency per request keeps a 1,000-event run going long enough to crash in the middle.
  receiver = await startReceiver((_request, response) => void setTimeout(() => response.writeHead(200).end("ok"), 15));
  await createEndpoint(db, tenant.tenantId, createEndpointSchema.parse({ url: receiver.url, max_concurrency: 10 }), {
    allowPrivateTargets: true,
    defaultTimeoutMs: 5_000,
  });
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop("SIGKILL")));
  await deps?.boss.stop({ graceful: false }).catch(() => undefined);
  await db?.$disconnect();
  await receiver?.close();
  await server?.stop();
  await rm(cluster.dataDir, { recursive: true, force: true });
});

async function worker(): Promise<WorkerProcess> {
  const started = await startWorkerProcess({ DATABASE_URL: server.url, HOOKLINE_ALLOW_PRIVATE_TARGETS: "1", WORKER_CONCURRENCY: "50" });
  workers.push(started);
  return started;
}

async function publishMany(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) =>
      publishEvent(deps, { tenant_id: tenant.tenantId, type: "ping", data: { n: i + j } }),
    );
    ids.push(...(await Promise.all(batch)).map((r) => r.event.id));
  }
  return ids;
}

async function diagnose(): Promise<string> {
  const deliveries = await db.$queryRaw`SELECT status, count(*)::int AS n, min(next_attempt_at) AS next FROM deliveries GROUP BY status`;
  const jobs = await db.$queryRaw`SELECT name, state, count(*)::int AS n, min(start_after) AS start FROM pgboss.job GROUP BY name, state`;
  return JSON.stringify({ now: new Date(), deliveries, jobs, output: workers.map((w) => w.output().slice(-6000)) }, null, 1);
}

async function countDelivered(eventIds: string[]): Promise<number> {
  return db.delivery.count({ where: { tenantId: tenant.tenantId, eventId: { in: eventIds }, status: "delivered" } });
}

function duplicatesAmong(eventIds: string[]): { requests: number; unique: number } {
  const wanted = new Set(eventIds);
  const seen = receiver.requests.map((r) => String(r.headers["webhook-id"])).filter((id) => wanted.has(id));
  return { requests: seen.length, unique: new Set(seen).size };
}

describe("crash safety", () => {
  it("kill -9 of the worker mid-run: every accepted event ends delivered", async () => {
    const eventIds = await publishMany(1_000);
    const first = await worker();
    await waitFor(async () => (await countDelivered(eventIds)) >= 200, { timeoutMs: 60_000, what: "200 deliveries" });
    await first.stop("SIGKILL");
    const atKill = await countDelivered(eventIds);
    await worker();
    await waitFor(async () => (await countDelivered(eventIds)) === 1_000, { timeoutMs: 90_000, what: "all 1,000 delivered after restart" }).catch(
      async (error: Error) => {
        throw new Error(`${error.message}\n${await diagnose()}`);
      },
    );
    const { requests, unique } = duplicatesAmong(eventIds);
    console.info(`kill -9 at ${atKill}/1000 delivered; receiver got ${requests} requests for ${unique} events: ${requests - unique} duplicates`);
    expect(unique).toBe(1_000);
    const unrecorded = await db.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM deliveries d WHERE d.tenant_id = ${tenant.tenantId} AND d.event_id = ANY(${eventIds})
         AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.tenant_id = d.tenant_id AND a.delivery_id = d.id AND a.response_status = 200)`;
    expect(Number(unrecorded[0]!.count)).toBe(0);
  }, 240_000);

  it("a PostgreSQL restart and killed connections mid-run: the worker keeps going, nothing is lost", async () => {
    const running = workers.at(-1)!;
    const eventIds = await publishMany(600);
    await waitFor(async () => (await countDelivered(eventIds)) >= 100, { timeoutMs: 60_000, what: "100 deliveries" });
    await db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'hookline-worker%'`;
    await waitFor(async () => (await countDelivered(eventIds)) >= 250, { timeoutMs: 60_000, what: "250 deliveries after killed connections" }).catch(
      async (error: Error) => {
        throw new Error(`${error.message}\n${await diagnose()}`);
      },
    );
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    server = await startEmbeddedPostgres(cluster);
    await waitFor(async () => (await countDelivered(eventIds)) === 600, { timeoutMs: 90_000, what: "all 600 delivered after the restart" }).catch(
      async (error: Error) => {
        throw new Error(`${error.message}\n${await diagnose()}`);
      },
    );
    expect(running.process.exitCode).toBeNull();
    const { requests, unique } = duplicatesAmong(eventIds);
    console.info(`PostgreSQL restart: receiver got ${requests} requests for ${unique} events: ${requests - unique} duplicates`);
    expect(unique).toBe(600);
  }, 240_000);
});
