// Deleting an endpoint while the worker is busy with it: the endpoint, its deliveries and replays go
// in one transaction that locks the deliveries before the endpoint (the order claims and recorders
// use), so it never deadlocks with them; the worker carries on with other endpoints.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DELETE as deleteRoute } from "./[id]/route";
import { callRoute } from "../../../../server/testing/call-route";
import { type IsolationStack, startIsolationStack } from "../../../../server/testing/isolation-stack";
import { ok, type Receiver, startReceiver } from "../../../../server/testing/receiver";
import { waitFor } from "../../../../server/testing/wait-for";

let stack: IsolationStack;
let slow: Receiver;
let fast: Receiver;

beforeAll(async () => {
  stack = await startIsolationStack({ RETRY_SCHEDULE: "1s", RETRY_JITTER: "0" });
  slow = await startReceiver((_request, response) => void setTimeout(() => response.writeHead(200).end("ok"), 150));
  fast = await startReceiver(ok);
}, 60_000);

afterAll(async () => {
  await slow?.close();
  await fast?.close();
  await stack?.close();
});

it("deletes a busy endpoint with its deliveries, without a deadlock, and delivery goes on elsewhere", async () => {
  const busy = await stack.endpoint(`${slow.url}/busy`, { event_types: ["invoice.paid"], max_concurrency: 20 });
  const other = await stack.endpoint(`${fast.url}/other`, { event_types: ["customer.created"] });
  await stack.publishMany(400, "invoice.paid");
  await waitFor(async () => slow.requests.length >= 40, { timeoutMs: 20_000, what: "the busy endpoint to be in the middle of its deliveries" });

  const deleted = await callRoute(deleteRoute, { method: "DELETE", token: stack.tenant.apiKey, params: { id: busy.id } });
  expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
  expect(await stack.query(`SELECT id FROM deliveries WHERE endpoint_id = $1`, busy.id)).toEqual([]);

  await stack.publishMany(20, "customer.created");
  await waitFor(async () => (await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1 AND status = 'delivered'`, other.id))[0]!.n === 20, {
    what: "the other endpoint's deliveries",
  });
  const sentAfter = slow.requests.length;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(slow.requests.length - sentAfter, "requests to the deleted endpoint after the in-flight ones").toBe(0);
  expect(stack.workers[0]!.output()).not.toMatch(/deadlock|could not record/);
}, 60_000);
