// Auto-disable and enable end to end (DESIGN §5): an endpoint failing without a single success for
// ENDPOINT_DISABLE_AFTER is disabled with reason "failing" and its pending deliveries are held, not
// dropped; POST /endpoints/{id}/enable resumes them through the recovery ramp and all are delivered.
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST as enableRoute } from "./[id]/enable/route";
import { GET as healthRoute } from "./[id]/health/route";
import { callRoute } from "../../../../server/testing/call-route";
import { type IsolationStack, startIsolationStack } from "../../../../server/testing/isolation-stack";
import { type Receiver, startReceiver, status } from "../../../../server/testing/receiver";
import { waitFor } from "../../../../server/testing/wait-for";

const EVENTS = 20;
let stack: IsolationStack;
let receiver: Receiver;

beforeAll(async () => {
  stack = await startIsolationStack({
    ENDPOINT_DISABLE_AFTER: "3s",
    CIRCUIT_COOLDOWN: "500ms",
    CIRCUIT_COOLDOWN_MAX: "500ms",
    RECOVERY_RAMP_TAU: "1s",
    RETRY_SCHEDULE: Array.from({ length: 30 }, () => "1s").join(","),
    RETRY_JITTER: "0",
  });
  receiver = await startReceiver(status(503));
});
afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

const statuses = async (endpointId: string) =>
  new Map((await stack.query<{ status: string; n: number }>(`SELECT status::text, count(*)::int AS n FROM deliveries WHERE endpoint_id = $1 GROUP BY 1`, endpointId)).map((r) => [r.status, r.n]));

it("disables an endpoint failing for ENDPOINT_DISABLE_AFTER, holds its deliveries, and enable delivers them", async () => {
  const endpoint = await stack.endpoint(`${receiver.url}/down`);
  await stack.publishMany(EVENTS);

  const health = await waitFor(async () => {
    const response = await callRoute(healthRoute, { token: stack.tenant.apiKey, params: { id: endpoint.id } });
    return response.body.enabled === false ? response.body : null;
  }, { timeoutMs: 20_000, what: "the endpoint to be disabled" });
  expect(health.disabled_reason).toBe("failing");
  expect(Date.parse(health.disabled_at) - Date.parse(health.failing_since)).toBeGreaterThanOrEqual(3_000);

  // Nothing dropped: once in-flight attempts have landed, every delivery is held (none failed).
  const held = await waitFor(async () => {
    const counts = await statuses(endpoint.id);
    return counts.get("held") === EVENTS ? counts : null;
  }, { timeoutMs: 10_000, what: "every delivery to be held" });
  expect([...held.keys()]).toEqual(["held"]);
  const metrics = await (await fetch(stack.workers[0]!.metricsUrl)).text();
  expect(metrics).toMatch(new RegExp(`^hookline_deliveries_held ${EVENTS}$`, "m"));
  expect(metrics).toMatch(/^hookline_endpoints_disabled\{reason="failing"\} 1$/m);
  expect(metrics).toMatch(/^hookline_endpoints_auto_disabled_total\{reason="failing"\} 1$/m);
  const requestsWhileDisabled = receiver.requests.length;
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(receiver.requests.length).toBe(requestsWhileDisabled); // disabled means no traffic at all, not even probes

  receiver.setReply(status(200));
  const enabled = await callRoute(enableRoute, { token: stack.tenant.apiKey, params: { id: endpoint.id } });
  expect(enabled.status).toBe(200);
  expect(enabled.body).toMatchObject({ id: endpoint.id, enabled: true, disabled_reason: null });

  await waitFor(async () => ((await statuses(endpoint.id)).get("delivered") === EVENTS ? true : null), { timeoutMs: 30_000, what: "the held deliveries to be delivered" });
  const after = await callRoute(healthRoute, { token: stack.tenant.apiKey, params: { id: endpoint.id } });
  expect(after.body).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null, circuit: { state: "closed" } });
  expect(after.body.recovery_ramp).not.toBeNull();
}, 90_000);
