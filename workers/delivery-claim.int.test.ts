// The claim's gate decisions against real rows (no worker process: claimBatch is called directly).
import type { Job } from "pg-boss";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSqlPool, type SqlPool } from "../server/db/sql";
import type { DeliverJob } from "../server/jobs/queues";
import { type IsolationStack, startIsolationStack } from "../server/testing/isolation-stack";
import { claimBatch } from "./delivery-claim";

const RAMP = { tauMs: 1_000, floorRate: 1, defaultTarget: 10 };
let stack: IsolationStack;
let sql: SqlPool;

beforeAll(async () => {
  stack = await startIsolationStack({}, 0);
  sql = createSqlPool(stack.database.url, 2, () => undefined);
});
afterAll(async () => {
  await sql?.end();
  await stack?.close();
});

const job = (tenantId: string, deliveryId: string): Job<DeliverJob> => ({ id: crypto.randomUUID(), name: "deliver", data: { tenantId, deliveryId }, retryCount: 0 }) as unknown as Job<DeliverJob>;

it("a lapsed claim deferred to its rate slot goes back in line and is not also sent now", async () => {
  const endpoint = await stack.endpoint("http://127.0.0.1:9/paced", { rate_limit_per_second: 1 });
  const tenantId = stack.tenant.tenantId;
  const eventId = await stack.publisher.publish(tenantId, "ping");
  // A delivery whose worker died mid-send (its claim lapsed a minute ago), on an endpoint whose next slot is 10 s away.
  await stack.query(`UPDATE endpoints SET rate_tat = now() + interval '10 seconds' WHERE id = $1`, endpoint.id);
  await stack.query(
    `INSERT INTO deliveries (tenant_id, id, event_id, endpoint_id, status, attempt_count, next_attempt_at)
     VALUES ($1, 'dlv_lapsed', $2, $3, 'sending', 1, now() - interval '1 minute')`,
    tenantId, eventId, endpoint.id,
  );

  const claim = await claimBatch(sql, stack.publisher.deps.boss, [job(tenantId, "dlv_lapsed")], RAMP);

  expect(claim.claimed).toEqual([]);
  expect(claim.busy).toEqual([]);
  const [row] = await stack.query<{ status: string; due_in_ms: number }>(
    `SELECT status::text, extract(epoch FROM next_attempt_at - now()) * 1000 AS due_in_ms FROM deliveries WHERE id = 'dlv_lapsed'`,
  );
  expect(row?.status).toBe("retrying");
  expect(Number(row?.due_in_ms)).toBeGreaterThan(8_000);
  const jobs = await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'deliver' AND singleton_key = 'dlv_lapsed' AND state = 'created'`);
  expect(jobs[0]?.n).toBe(1);
});
