// Replays under pressure, with two workers: a replay's rate holds across workers even after the deliver
// queue was starved (its slots are booked on the replay row at the claim), and two replays over the
// same deliveries both complete with exact counts (a job for a delivery another job in the same batch
// also named is retried, not dropped); items whose deliver job was lost are put back by the sweeper.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as pauseRoute } from "./[id]/pause/route";
import { POST as resumeRoute } from "./[id]/resume/route";
import { GET as getReplayRoute } from "./[id]/route";
import { POST as createReplayRoute } from "./route";
import { createSqlPool } from "../../../../server/db/sql";
import { callRoute } from "../../../../server/testing/call-route";
import { type IsolationStack, maxInAnyWindow, startIsolationStack } from "../../../../server/testing/isolation-stack";
import { ok, type Receiver, startReceiver, status } from "../../../../server/testing/receiver";
import { waitFor } from "../../../../server/testing/wait-for";
import { sweepLostDeliveries } from "../../../../workers/sweeper";

let stack: IsolationStack;
let receiver: Receiver;
let slow: Receiver;
let shared: { id: string };
let paced: { id: string };

beforeAll(async () => {
  // Few slots per worker, so a slow endpoint can starve the deliver queue for seconds.
  stack = await startIsolationStack({ RETRY_SCHEDULE: "1s", RETRY_JITTER: "0", WORKER_CONCURRENCY: "5" }, 2);
  receiver = await startReceiver(status(400));
  slow = await startReceiver((_request, response) => void setTimeout(() => response.writeHead(200).end("ok"), 1_000));
  shared = await stack.endpoint(`${receiver.url}/shared`, { event_types: ["invoice.paid"], max_concurrency: 20 });
  paced = await stack.endpoint(`${receiver.url}/paced`, { event_types: ["invoice.payment.failed"] });
  await stack.endpoint(`${slow.url}/slow`, { event_types: ["customer.created"], max_concurrency: 20 });
  await stack.publishMany(50, "invoice.paid");
  await stack.publishMany(100, "invoice.payment.failed");
  await waitFor(async () => (await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'failed'`))[0]!.n === 150, {
    timeoutMs: 30_000,
    what: "150 failed deliveries",
  });
  receiver.setReply(ok);
  receiver.requests.length = 0;
}, 90_000);

afterAll(async () => {
  await receiver?.close();
  await slow?.close();
  await stack?.close();
});

const progress = async (id: string) => (await callRoute(getReplayRoute, { token: stack.tenant.apiKey, params: { id } })).body;
const completed = (id: string, timeoutMs: number) =>
  waitFor(async () => {
    const body = await progress(id);
    return body.state === "completed" ? body : null;
  }, { timeoutMs, what: `replay ${id} to complete` });
const requestsTo = (path: string) => receiver.requests.filter((r) => r.path === path);

describe("replays under pressure", () => {
  it("keep their rate across two workers after the deliver queue was starved", async () => {
    const created = await callRoute(createReplayRoute, { token: stack.tenant.apiKey, body: { endpoint_id: paced.id, rate_per_second: 10 } });
    expect(created.body.total).toBe(100);
    // 60 one-second requests to another endpoint take every slot of both workers for ~6 s.
    await stack.publishMany(60, "customer.created", 20);
    const done = await completed(created.body.id, 60_000);
    const times = requestsTo("/paced").map((r) => r.receivedAt);
    console.log(`replay at 10/s after starvation, 2 workers: ${times.length} requests, at most ${maxInAnyWindow(times)} in any 1 s window`);
    expect(done).toMatchObject({ total: 100, sent: 100, delivered: 100, skipped: 0 });
    expect(maxInAnyWindow(times)).toBeLessThanOrEqual(11);
  }, 90_000);

  it("two replays over the same deliveries both complete, each counting exactly", async () => {
    const body = { endpoint_id: shared.id, statuses: ["failed"], rate_per_second: 100 };
    const [a, b] = await Promise.all([0, 1].map(() => callRoute(createReplayRoute, { token: stack.tenant.apiKey, body })));
    const done = await Promise.all([a!.body.id, b!.body.id].map((id: string) => completed(id, 30_000)));
    for (const replay of done) {
      expect(replay.total).toBe(50);
      expect(replay.delivered + replay.failed + replay.skipped).toBe(50);
      expect(replay.sent).toBe(replay.delivered + replay.failed);
    }
    expect(requestsTo("/shared")).toHaveLength(done[0].sent + done[1].sent);
    expect(new Set(requestsTo("/shared").map((r) => r.headers["webhook-id"])).size).toBe(50);
    for (const worker of stack.workers) expect(worker.output()).not.toContain("deadlock");
  }, 60_000);

  it("puts back items whose deliver job was lost, so the replay still completes", async () => {
    const created = await callRoute(createReplayRoute, { token: stack.tenant.apiKey, body: { endpoint_id: shared.id, statuses: ["delivered", "failed"], rate_per_second: 100 } });
    const id: string = created.body.id;
    expect((await callRoute(pauseRoute, { method: "POST", token: stack.tenant.apiKey, params: { id } })).body.state).toBe("paused");
    // As if their jobs had run out of retries: scheduled long ago, no job left.
    const [{ n }] = (await stack.query<{ n: number }>(
      `WITH lost AS (UPDATE replay_items SET state = 'scheduled', scheduled_at = now() - interval '1 hour' WHERE replay_id = $1 AND state = 'waiting' RETURNING 1)
       SELECT count(*)::int AS n FROM lost`,
      id,
    )) as [{ n: number }];
    expect(n, JSON.stringify([created.body, await stack.query(`SELECT state::text, count(*)::int FROM replay_items WHERE replay_id = $1 GROUP BY 1`, id)])).toBeGreaterThan(0);
    const sql = createSqlPool(stack.database.url, 1, () => undefined);
    try {
      expect(await sweepLostDeliveries(sql, stack.publisher.deps.boss, 60_000)).toBeGreaterThanOrEqual(1);
    } finally {
      await sql.end();
    }
    expect(await stack.query(`SELECT state::text FROM replay_items WHERE replay_id = $1 AND state = 'scheduled'`, id)).toEqual([]);
    await callRoute(resumeRoute, { method: "POST", token: stack.tenant.apiKey, params: { id } });
    const done = await completed(id, 20_000);
    expect(done.delivered + done.failed + done.skipped).toBe(done.total);
  }, 60_000);
});
