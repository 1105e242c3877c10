// What the isolation tests share: a database, a tenant, a publisher, endpoints created through the
// real route, and N real worker processes with compressed timings from the environment.
import { expect } from "vitest";
import { POST as createEndpointRoute } from "../../app/api/v1/endpoints/route";
import { callRoute } from "./call-route";
import { type Publisher, startPublisher } from "./publisher";
import { createTenantFixture, type TenantFixture } from "./tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "./test-database";
import { startWorkerProcess, type WorkerProcess } from "./worker-process";

export type IsolationStack = {
  database: TestDatabase;
  tenant: TenantFixture;
  publisher: Publisher;
  workers: WorkerProcess[];
  endpoint(url: string, extra?: Record<string, unknown>): Promise<{ id: string; secret: string }>;
  /** Publishes `count` events of `type`, `parallel` at a time; returns their ids in order. */
  publishMany(count: number, type?: string, parallel?: number): Promise<string[]>;
  /** Raw SQL against the test database (counts, states). */
  query<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

export async function startIsolationStack(env: Record<string, string>, workerCount = 1): Promise<IsolationStack> {
  const database = await createTestDatabase();
  const processEnv = { HOOKLINE_ALLOW_PRIVATE_TARGETS: "1", ...env };
  useAsProcessDatabase(database, processEnv);
  const tenant = await createTenantFixture(database.db);
  const publisher = await startPublisher(database.db, database.url);
  const workers = await Promise.all(Array.from({ length: workerCount }, () => startWorkerProcess({ DATABASE_URL: database.url, ...processEnv })));
  return {
    database,
    tenant,
    publisher,
    workers,
    async endpoint(url, extra = {}) {
      const response = await callRoute(createEndpointRoute, { token: tenant.apiKey, body: { url, ...extra } });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body;
    },
    async publishMany(count, type = "invoice.paid", parallel = 20) {
      const ids: string[] = new Array(count);
      let next = 0;
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          while (next < count) {
            const index = next++;
            ids[index] = await publisher.publish(tenant.tenantId, type, { index });
          }
        }),
      );
      return ids;
    },
    query: (text, ...params) => database.db.$queryRawUnsafe(text, ...params),
    async close() {
      await Promise.all(workers.map((worker) => worker.stop()));
      await publisher.stop();
      await database.drop();
    },
  };
}

// The bench uses it too, and cannot import this file (vitest): it lives in request-windows.ts.
export { maxInAnyWindow } from "./request-windows";
