// Per-endpoint rate limit (DESIGN §5): an endpoint limited to 20/s with a 2,000-delivery backlog gets
// at most 22 requests in any 1 s window, measured at the receiver, and drains at about 20/s. Each
// delivery is scheduled once to its GCRA slot (booked when it is created; its job starts at the slot)
// instead of being fetched and bounced again and again, so the database work per delivery stays
// bounded: measured with PostgreSQL's own counters over the drain, and structurally by counting
// deliver jobs per delivery.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type IsolationStack, startIsolationStack } from "../server/testing/isolation-stack";
import { busiestWindow } from "../server/testing/request-windows";
import { type Receiver, startReceiver } from "../server/testing/receiver";
import { waitFor } from "../server/testing/wait-for";

const LIMIT = 20;
const BACKLOG = 2_000;
let stack: IsolationStack;
let receiver: Receiver | undefined;

beforeAll(async () => {
  stack = await startIsolationStack({ WORKER_CONCURRENCY: "200" }, 1);
});
afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

type DbCounters = { xacts: number; tuples: number; scans: number; statements: number | null };

/**
 * The test database's counters. Transactions and tuples from pg_stat_database; table scans (seq +
 * index) over every table, a proxy for statements that touch tables; statement calls only when
 * pg_stat_statements is preloaded (the embedded test server preloads it; an external DATABASE_URL may not).
 */
async function counters(statementsAvailable: boolean): Promise<DbCounters> {
  const [db] = await stack.query<{ xacts: number; tuples: number }>(
    `SELECT (xact_commit + xact_rollback)::float8 AS xacts, (tup_returned + tup_fetched)::float8 AS tuples
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  const [tables] = await stack.query<{ scans: number }>(`SELECT sum(seq_scan + COALESCE(idx_scan, 0))::float8 AS scans FROM pg_stat_all_tables`);
  let statements: number | null = null;
  if (statementsAvailable) {
    const [row] = await stack.query<{ calls: number }>(
      `SELECT COALESCE(sum(calls), 0)::float8 AS calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    statements = row?.calls ?? null;
  }
  return { xacts: db?.xacts ?? 0, tuples: db?.tuples ?? 0, scans: tables?.scans ?? 0, statements };
}

async function loadStatementStats(): Promise<boolean> {
  const [preload] = await stack.query<{ libs: string }>(`SELECT current_setting('shared_preload_libraries') AS libs`);
  if (!preload?.libs.includes("pg_stat_statements")) return false;
  await stack.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
  return true;
}

it(`an endpoint limited to ${LIMIT}/s drains a ${BACKLOG}-delivery backlog at its rate, with bounded database work per delivery`, async () => {
  receiver = await startReceiver();
  const endpoint = await stack.endpoint(`${receiver.url}/limited`, { rate_limit_per_second: LIMIT });
  const statementsAvailable = await loadStatementStats();

  const publishStarted = Date.now();
  await stack.publishMany(BACKLOG);
  const publishMs = Date.now() - publishStarted;
  await waitFor(
    async () => ((await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1`, endpoint.id))[0]?.n ?? 0) >= BACKLOG || null,
    { timeoutMs: 30_000, what: "the backlog's deliveries to be fanned out" },
  );

  // Measured from here (publishing and fan-out done) to the last request: the steady drain only.
  // Waiting below polls the receiver's memory, not the database, so the test adds two queries.
  const before = await counters(statementsAvailable);
  const receivedBefore = receiver.requests.length;
  const r = receiver;
  await waitFor(async () => r.requests.length >= BACKLOG || null, { timeoutMs: 150_000, what: "the whole backlog at the receiver" });
  const after = await counters(statementsAvailable);
  const drained = BACKLOG - receivedBefore;

  await waitFor(
    async () =>
      ((await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1 AND status = 'delivered'`, endpoint.id))[0]?.n ?? 0) >=
        BACKLOG || null,
    { timeoutMs: 15_000, what: "every delivery to be recorded as delivered" },
  );

  const times = receiver.requests.map((request) => request.receivedAt);
  const spanSeconds = (Math.max(...times) - Math.min(...times)) / 1000;
  const rate = BACKLOG / spanSeconds;
  const busiest = busiestWindow(times);
  const maxWindow = busiest.count;
  const busiestAt = busiest.start - Math.min(...times);
  const [jobs] = await stack.query<{ deliveries: number; jobs: number; most: number }>(
    `SELECT count(*)::int AS deliveries, sum(n)::int AS jobs, max(n)::int AS most
       FROM (SELECT d.id, count(j.id) AS n
               FROM deliveries d LEFT JOIN pgboss.job j ON j.name = 'deliver' AND j.data->>'deliveryId' = d.id
              WHERE d.endpoint_id = $1 GROUP BY d.id) per_delivery`,
    endpoint.id,
  );
  const per = (a: number, b: number) => ((a - b) / drained).toFixed(2);
  console.log(
    `[rate-limit] published ${BACKLOG} in ${publishMs} ms; drain ${rate.toFixed(2)}/s over ${spanSeconds.toFixed(1)} s; max ${maxWindow} in any 1 s (busiest from +${(busiestAt / 1000).toFixed(1)} s); ` +
      `over ${drained} deliveries: ${per(after.xacts, before.xacts)} transactions/delivery, ` +
      `${after.statements === null || before.statements === null ? "statements n/a (pg_stat_statements not preloaded)" : `${per(after.statements, before.statements)} statements/delivery`}, ` +
      `${per(after.scans, before.scans)} table scans/delivery, ${per(after.tuples, before.tuples)} tuples read/delivery; ` +
      `deliver jobs ${jobs?.jobs} for ${jobs?.deliveries} deliveries (max ${jobs?.most} per delivery)`,
  );

  expect(new Set(receiver.requests.map((request) => request.headers["webhook-id"])).size).toBe(BACKLOG);
  expect(maxWindow).toBeLessThanOrEqual(LIMIT + 2);
  expect(rate).toBeGreaterThanOrEqual(18);
  expect(rate).toBeLessThanOrEqual(21);
  // The drain must be measured over most of the backlog for the per-delivery figures to mean anything.
  expect(drained).toBeGreaterThan(BACKLOG / 2);
  // Per delivery the code does: its slot booked at fan-out (its job starts at the slot), the job
  // fetched when due (about one fetch per delivery at 20/s), claimed (one transaction), sent, and
  // recorded (one transaction, shared by attempts finishing together): about 3 transactions. On top,
  // at 20/s the dispatcher's idle polls (every 50 ms) and pg-boss's own pollers and maintenance add
  // about 1-2 per delivery. 10 leaves room for those, and a re-poll storm (jobs fetched and bounced
  // before their slot, every 50 ms) would exceed it many times over.
  expect((after.xacts - before.xacts) / drained).toBeLessThanOrEqual(10);
  // Statements: a claim is 4-6, a record about 8 (shared when attempts finish together), a fetch 1-2
  // with its transaction; about 20 in all was measured. A re-poll storm would multiply it.
  if (after.statements !== null && before.statements !== null) expect((after.statements - before.statements) / drained).toBeLessThanOrEqual(40);
  // Structurally: one job per delivery, booked to its slot; at most one more if the endpoint's
  // concurrency was momentarily full when it came due.
  expect(jobs?.deliveries).toBe(BACKLOG);
  expect(jobs?.most).toBeLessThanOrEqual(2);
}, 180_000);
