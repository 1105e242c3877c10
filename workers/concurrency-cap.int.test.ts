// Per-endpoint concurrency cap across worker processes (DESIGN §5): a black-holed endpoint never has
// more than its cap in flight, measured at the receiver, with two workers fetching; and the healthy
// endpoint next to it keeps delivering meanwhile.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type IsolationStack, startIsolationStack } from "../server/testing/isolation-stack";
import { type Receiver, startReceiver } from "../server/testing/receiver";
import { waitFor } from "../server/testing/wait-for";

const CAP = 4;
const EVENTS = 60;
let stack: IsolationStack;
const receivers: Receiver[] = [];

beforeAll(async () => {
    stack = await startIsolationStack({ WORKER_CONCURRENCY: "50", RETRY_SCHEDULE: "1s", RETRY_JITTER: "0", CIRCUIT_COOLDOWN: "1h" }, 2);
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await stack?.close();
});

it("a black-holed endpoint never has more than its cap in flight, with two workers; a healthy one is unaffected", async () => {
  const blackHole = await startReceiver(() => {}); // reads the request, never answers
  const healthy = await startReceiver();
  receivers.push(blackHole, healthy);
  const stuck = await stack.endpoint(`${blackHole.url}/hole`, { max_concurrency: CAP, timeout_ms: 1_000 });
  await stack.endpoint(`${healthy.url}/fine`);

  const startedAt = Date.now();
  await stack.publishMany(EVENTS);
  await waitFor(async () => (healthy.requests.length >= EVENTS ? true : null), { timeoutMs: 15_000, what: "the healthy endpoint's deliveries" });
  const healthyDoneMs = Date.now() - startedAt;
  // Let several waves of 1 s timeouts pass through both workers.
  // Waves of 1 s timeouts until the circuit breaker opens (10 attempts, all failed); then only probes.
  const opened = await waitFor(
    async () => (await stack.query<{ state: string }>(`SELECT circuit_state::text AS state FROM endpoints WHERE id = $1`, stuck.id))[0]?.state === "open" || null,
    { timeoutMs: 20_000, what: "the black hole's circuit to open" },
  );
  expect(opened).toBe(true);

  expect(blackHole.maxInFlight()).toBeLessThanOrEqual(CAP);
  expect(blackHole.maxInFlight()).toBe(CAP); // the cap was reached, so it was the cap that held it
  // Sixty events through one worker loop that waited on the black hole would take over a minute.
  expect(healthyDoneMs).toBeLessThan(10_000);
  const [attempts] = await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM attempts WHERE endpoint_id = $1`, stuck.id);
  expect(attempts?.n).toBeGreaterThanOrEqual(2 * CAP);
});
