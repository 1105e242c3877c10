// Replay drip mode end to end (issue 5 acceptance): 200 failed deliveries replayed at 10/s through the
// real routes, a real worker and a loopback receiver: never more than 11 requests in any 1 s window;
// pause stops new requests within 1 s; resume continues; cancel stops for good; the progress counts
// are exact; every replayed attempt keeps its event's webhook-id and is recorded with trigger replay.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as replayDeliveryRoute } from "../deliveries/[id]/replay/route";
import { PATCH as patchEndpointRoute } from "../endpoints/[id]/route";
import { POST as cancelRoute } from "./[id]/cancel/route";
import { POST as pauseRoute } from "./[id]/pause/route";
import { POST as resumeRoute } from "./[id]/resume/route";
import { GET as getReplayRoute } from "./[id]/route";
import { POST as createReplayRoute, GET as listReplaysRoute } from "./route";
import { callRoute } from "../../../../server/testing/call-route";
import { type IsolationStack, maxInAnyWindow, startIsolationStack } from "../../../../server/testing/isolation-stack";
import { ok, type Receiver, startReceiver, status } from "../../../../server/testing/receiver";
import { waitFor } from "../../../../server/testing/wait-for";

const FAILED = 200;
let stack: IsolationStack;
let receiver: Receiver;
let endpoint: { id: string };
let eventOf: Map<string, string>; // delivery id → event id

beforeAll(async () => {
  stack = await startIsolationStack({ RETRY_SCHEDULE: "1s", RETRY_JITTER: "0" });
  receiver = await startReceiver(status(400)); // 400: dead-lettered at once, and no circuit evidence
  endpoint = await stack.endpoint(`${receiver.url}/hooks`);
  await stack.publishMany(FAILED);
  await waitFor(async () => (await countByStatus())["failed"] === FAILED, { timeoutMs: 30_000, what: "every delivery to fail" });
  const rows = await stack.query<{ id: string; eventId: string }>(`SELECT id, event_id AS "eventId" FROM deliveries WHERE endpoint_id = $1`, endpoint.id);
  eventOf = new Map(rows.map((r) => [r.id, r.eventId]));
  receiver.setReply(ok);
  receiver.requests.length = 0;
}, 90_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

async function countByStatus(): Promise<Record<string, number>> {
  const rows = await stack.query<{ status: string; n: number }>(`SELECT status::text, count(*)::int AS n FROM deliveries WHERE endpoint_id = $1 GROUP BY 1`, endpoint.id);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

const call = (handler: Parameters<typeof callRoute>[0], id: string) => callRoute(handler, { method: "POST", token: stack.tenant.apiKey, params: { id } });
const progress = async (id: string) => (await callRoute(getReplayRoute, { token: stack.tenant.apiKey, params: { id } })).body;

describe("a replay of 200 failed deliveries at 10/s", () => {
  it("drips at its rate, pauses, resumes and cancels, with exact progress", async () => {
    const created = await callRoute(createReplayRoute, { token: stack.tenant.apiKey, body: { endpoint_id: endpoint.id, statuses: ["failed"], rate_per_second: 10 } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body).toMatchObject({ state: "running", total: FAILED, sent: 0, delivered: 0, failed: 0, remaining: FAILED });
    const replayId: string = created.body.id;

    await waitFor(async () => receiver.requests.length >= 40, { timeoutMs: 15_000, what: "40 replayed requests" });
    const paused = await call(pauseRoute, replayId);
    const pausedAt = Date.now();
    expect(paused.status).toBe(200);
    expect(paused.body.state).toBe("paused");
    await sleep(2_000);
    const afterPause = receiver.requests.filter((r) => r.receivedAt > pausedAt + 1_000);
    expect(afterPause, "requests more than 1 s after pause").toHaveLength(0);
    const sentWhilePaused = receiver.requests.length;
    const pausedProgress = await progress(replayId);
    expect(pausedProgress.state).toBe("paused");
    expect(pausedProgress.sent).toBe(sentWhilePaused);
    expect(pausedProgress.delivered).toBe(sentWhilePaused);

    const resumed = await call(resumeRoute, replayId);
    expect(resumed.body.state).toBe("running");
    await waitFor(async () => receiver.requests.length >= sentWhilePaused + 30, { timeoutMs: 10_000, what: "30 more requests after resume" });
    const cancelled = await call(cancelRoute, replayId);
    const cancelledAt = Date.now();
    expect(cancelled.body.state).toBe("cancelled");
    await sleep(2_500);
    expect(receiver.requests.filter((r) => r.receivedAt > cancelledAt + 1_000), "requests more than 1 s after cancel").toHaveLength(0);
    expect((await call(resumeRoute, replayId)).status, "a cancelled replay cannot resume").toBe(409);

    // Exact: every request the receiver saw is counted once, and nothing else.
    const final = await progress(replayId);
    const received = receiver.requests.length;
    expect(final).toMatchObject({ state: "cancelled", total: FAILED, sent: received, delivered: received, failed: 0, skipped: 0, remaining: 0 });
    expect(await countByStatus()).toEqual({ delivered: received, failed: FAILED - received });

    // Never more than the rate allows (+1 for a window's edge), across pause and resume.
    const times = receiver.requests.map((r) => r.receivedAt);
    const lastBeforePause = Math.max(...times.filter((t) => t <= pausedAt + 1_000));
    console.log(`replay at 10/s: ${received} requests, at most ${maxInAnyWindow(times)} in any 1 s window; last request ${lastBeforePause - pausedAt} ms after pause`);
    expect(maxInAnyWindow(times)).toBeLessThanOrEqual(11);

    // The original webhook-id (the event id) on every request, each delivery exactly once.
    const ids = receiver.requests.map((r) => r.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(received);
    for (const id of ids) expect([...eventOf.values()]).toContain(id);
    const attempts = await stack.query<{ trigger: string; n: number }>(
      `SELECT trigger::text, count(*)::int AS n FROM attempts WHERE endpoint_id = $1 AND attempt_number = 2 GROUP BY 1`,
      endpoint.id,
    );
    expect(attempts).toEqual([{ trigger: "replay", n: received }]);
  }, 90_000);

  it("replays the rest to completion, counting exactly, without delaying fresh events elsewhere", async () => {
    await callRoute(patchEndpointRoute, { method: "PATCH", token: stack.tenant.apiKey, params: { id: endpoint.id }, body: { event_types: ["invoice.*"] } });
    const other = await stack.endpoint(`${receiver.url}/other`, { event_types: ["customer.created"] });
    const created = await callRoute(createReplayRoute, { token: stack.tenant.apiKey, body: { endpoint_id: endpoint.id, rate_per_second: 100 } });
    const before = receiver.requests.filter((r) => r.path === "/hooks").length;
    // Fresh events for another endpoint while the replay drips: their first attempts go first.
    await stack.publishMany(20, "customer.created", 2);
    expect(created.body.total).toBe(FAILED - before);
    const done = await waitFor(async () => {
      const body = await progress(created.body.id);
      return body.state === "completed" ? body : null;
    }, { timeoutMs: 20_000, what: "the replay to complete" });
    expect(done).toMatchObject({ total: FAILED - before, sent: FAILED - before, delivered: FAILED - before, failed: 0, remaining: 0 });
    expect(done.finished_at).not.toBeNull();
    expect(await countByStatus()).toEqual({ delivered: FAILED });
    expect(new Set(receiver.requests.filter((r) => r.path === "/hooks").map((r) => r.headers["webhook-id"])).size).toBe(FAILED);
    const [fresh] = await stack.query<{ n: number; worstMs: number }>(
      `SELECT count(*)::int AS n, max(extract(epoch FROM a.started_at - ev.created_at) * 1000)::int AS "worstMs"
         FROM attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN events ev ON ev.id = d.event_id
        WHERE a.endpoint_id = $1 AND a.trigger = 'initial'`,
      other.id,
    );
    expect(fresh!.n).toBe(20);
    console.log(`fresh events on another endpoint during a 100/s replay: worst publish → first attempt ${fresh!.worstMs} ms`);
    expect(fresh!.worstMs, "publish → first attempt, worst of 20, during the replay").toBeLessThan(1_000);

    const list = await callRoute(listReplaysRoute, { token: stack.tenant.apiKey, path: `/api/v1/replays?endpoint_id=${endpoint.id}` });
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([created.body.id, expect.any(String)]);
    // Claims, recorders and ticks take replay rows after endpoint rows: never a deadlock.
    expect(stack.workers[0]!.output()).not.toContain("deadlock");
  }, 60_000);
});

describe("replaying one delivery", () => {
  it("sends it again with its webhook-id, as a replay; a delivery on its way is a conflict", async () => {
    const [deliveryId, eventId] = [...eventOf.entries()][0] as [string, string];
    const before = receiver.requests.length;
    const replay = await call(replayDeliveryRoute, deliveryId);
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);
    expect(replay.body).toMatchObject({ total: 1, endpoint_id: endpoint.id, filter: { delivery_ids: [deliveryId] } });
    await waitFor(async () => (await progress(replay.body.id)).state === "completed", { timeoutMs: 10_000, what: "the single replay" });
    expect(receiver.requests.slice(before).filter((r) => r.path === "/hooks").map((r) => r.headers["webhook-id"])).toEqual([eventId]);
    const [last] = await stack.query<{ trigger: string }>(`SELECT trigger::text FROM attempts WHERE delivery_id = $1 ORDER BY id DESC LIMIT 1`, deliveryId);
    expect(last?.trigger).toBe("replay");

    await stack.query(`UPDATE deliveries SET status = 'retrying' WHERE id = $1`, deliveryId);
    const busy = await call(replayDeliveryRoute, deliveryId);
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain("retrying");
    await stack.query(`UPDATE deliveries SET status = 'delivered' WHERE id = $1`, deliveryId);
  }, 30_000);

  it("validates the request and keeps tenants apart", async () => {
    const bad = await callRoute(createReplayRoute, { token: stack.tenant.apiKey, body: { endpoint_id: endpoint.id, rate_per_second: 0, statuses: ["pending"], extra: 1 } });
    expect(bad.status).toBe(422);
    const fields = bad.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["rate_per_second", "statuses.0", "extra"]));
    const unknown = await callRoute(createReplayRoute, { token: stack.tenant.apiKey, body: { endpoint_id: "ep_nope", rate_per_second: 1 } });
    expect(unknown.status).toBe(404);
    expect((await callRoute(getReplayRoute, { token: stack.tenant.apiKey, params: { id: "rpl_nope" } })).status).toBe(404);
  });

  it("matches by status, event type and time, snapshotting the total", async () => {
    const create = (body: Record<string, unknown>) => callRoute(createReplayRoute, { token: stack.tenant.apiKey, body: { endpoint_id: endpoint.id, rate_per_second: 0.1, ...body } });
    const none = await create({ event_types: ["customer.*"], statuses: ["delivered"] });
    expect(none.body).toMatchObject({ state: "completed", total: 0 });
    const future = await create({ statuses: ["delivered"], since: new Date(Date.now() + 60_000).toISOString() });
    expect(future.body.total).toBe(0);
    const all = await create({ event_types: ["customer.created", "invoice.*"], statuses: ["delivered", "failed"] });
    expect(all.body).toMatchObject({ state: "running", total: FAILED });
    const cancelled = await call(cancelRoute, all.body.id);
    expect(cancelled.body).toMatchObject({ state: "cancelled", remaining: 0 });
  });
});
