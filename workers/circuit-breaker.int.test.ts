// The circuit breaker and recovery ramp end to end (DESIGN §5), with compressed timings: an endpoint
// that starts refusing connections opens its circuit after the threshold; while open it gets only
// probes at the cooldown cadence and held deliveries keep their attempt counts; when it comes back,
// its request rate stays under the ramp H·(1 − e^(−t/τ)) (+10 %) and the backlog drains fully.
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort } from "../server/testing/free-port";
import { type IsolationStack, startIsolationStack } from "../server/testing/isolation-stack";
import { type Receiver, startReceiver } from "../server/testing/receiver";
import { waitFor } from "../server/testing/wait-for";

const COOLDOWN_MS = 1_000;
const MAX_COOLDOWN_MS = 2_000;
const TAU_MS = 3_000;
const FLOOR_PER_SECOND = 1; // server/modules/isolation/isolation-config.ts
const HISTORY = 200; // successes before the outage: H = 200 per 10 s window = 20/s
const BACKLOG = 300;

let stack: IsolationStack;
let receiver: Receiver | null = null;

beforeAll(async () => {
  stack = await startIsolationStack({
    CIRCUIT_COOLDOWN: `${COOLDOWN_MS}ms`,
    CIRCUIT_COOLDOWN_MAX: `${MAX_COOLDOWN_MS}ms`,
    RECOVERY_RAMP_TAU: `${TAU_MS}ms`,
    RETRY_SCHEDULE: "1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
    RETRY_JITTER: "0",
    WORKER_CONCURRENCY: "100",
  });
});
afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

type EndpointRow = { circuit_state: string; ramp_started_at: Date | null; ramp_rate: number | null };

/** Expected requests in [a, b) under the ramp: ∫ max(floor, H(1 − e^(−t/τ))) dt, numerically. */
function rampAllowance(h: number, aMs: number, bMs: number): number {
  let total = 0;
  for (let t = aMs; t < bMs; t += 10) total += Math.max(Math.min(FLOOR_PER_SECOND, h), h * (1 - Math.exp(-Math.max(0, t) / TAU_MS))) * 0.01;
  return total;
}

it("opens on refused connections, probes at the cooldown cadence, holds without spending attempts, then ramps back up and drains", async () => {
  const port = await freePort();
  receiver = await startReceiver(undefined, { port });
  const endpoint = await stack.endpoint(`${receiver.url}/hooks`, { timeout_ms: 1_000 });
  const endpointRow = async () => (await stack.query<EndpointRow>(`SELECT circuit_state::text, ramp_started_at, ramp_rate FROM endpoints WHERE id = $1`, endpoint.id))[0] as EndpointRow;

  // A healthy history first, so the ramp has an H of its own.
  await stack.publishMany(HISTORY);
  await waitFor(async () => (receiver!.requests.length >= HISTORY ? true : null), { what: "the history deliveries" });
  await receiver.close();
  receiver = null;

  // The outage: connections are refused.
  const outageAt = Date.now();
  await stack.publishMany(BACKLOG);
  await waitFor(async () => ((await endpointRow()).circuit_state === "open" ? true : null), { what: "the circuit to open" });
  const [{ failures } = { failures: 0 }] = await stack.query<{ failures: number }>(
    `SELECT count(*)::int AS failures FROM attempts WHERE endpoint_id = $1 AND started_at >= $2`, endpoint.id, new Date(outageAt));
  expect(failures).toBeGreaterThanOrEqual(10); // never before the threshold
  await waitFor(async () => ((await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1 AND status = 'held'`, endpoint.id))[0]?.n ?? 0) > BACKLOG / 2 || null, { what: "deliveries to be held" });
  const attemptCounts = async () =>
    new Map((await stack.query<{ id: string; attempt_count: number }>(`SELECT id, attempt_count FROM deliveries WHERE endpoint_id = $1 AND status = 'held'`, endpoint.id)).map((d) => [d.id, d.attempt_count]));
  const heldBefore = await attemptCounts();
  const openSince = new Date();

  // Long enough for at least two probes after the first second even on a loaded machine (each probe
  // waits out its cooldown, then up to ~0.5 s of job polling before it is sent).
  await new Promise((resolve) => setTimeout(resolve, 8_000));

  // While open: only probes, spaced by the cooldown (1 s, then doubled and capped at 2 s).
  const whileOpen = await stack.query<{ trigger: string; started_at: Date; delivery_id: string }>(
    `SELECT trigger::text, started_at, delivery_id FROM attempts WHERE endpoint_id = $1 AND started_at > $2 ORDER BY started_at`, endpoint.id, openSince);
  // Attempts already in flight when it opened may land just after; everything a second later is a probe.
  const late = whileOpen.filter((a) => a.started_at.getTime() > openSince.getTime() + 1_000);
  expect(late.length).toBeGreaterThanOrEqual(2);
  expect(late.every((a) => a.trigger === "probe")).toBe(true);
  const probeTimes = whileOpen.filter((a) => a.trigger === "probe").map((a) => a.started_at.getTime());
  const gaps = probeTimes.slice(1).map((t, i) => t - (probeTimes[i] as number));
  for (const gap of gaps) {
    expect(gap).toBeGreaterThanOrEqual(COOLDOWN_MS * 0.9);
    expect(gap).toBeLessThanOrEqual(MAX_COOLDOWN_MS + 1_500); // + job polling and scheduling
  }
  const heldAfter = await attemptCounts();
  const probed = new Set(whileOpen.map((a) => a.delivery_id));
  for (const [id, count] of heldAfter) if (heldBefore.has(id) && !probed.has(id)) expect(count).toBe(heldBefore.get(id));

  // Recovery: the same address answers again; the next probe closes the circuit and the ramp starts.
  receiver = await startReceiver(undefined, { port });
  const ramp = await waitFor(async () => {
    const row = await endpointRow();
    return row.circuit_state === "closed" && row.ramp_started_at ? row : null;
  }, { what: "the circuit to close with a ramp" });
  const h = ramp.ramp_rate as number;
  expect(h).toBeGreaterThanOrEqual(15); // the history's rate, about 20/s
  expect(h).toBeLessThanOrEqual(25);
  await waitFor(
    async () => ((await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1 AND status <> 'delivered'`, endpoint.id))[0]?.n === 0 ? true : null),
    { timeoutMs: 60_000, what: "the backlog to drain" },
  );

  // Every 1 s window (starting at each request) stays within 10 % above the curve (+1 for whole requests).
  const startMs = (ramp.ramp_started_at as Date).getTime();
  const times = receiver.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
  let worst = { count: 0, allowed: 0, at: 0, margin: -Infinity };
  for (const [i, t] of times.entries()) {
    const count = times.slice(i).filter((u) => u < t + 1_000).length;
    const allowed = 1.1 * rampAllowance(h, t - startMs, t - startMs + 1_000) + 1;
    if (count - allowed > worst.margin) worst = { count, allowed, at: t - startMs, margin: count - allowed };
  }
  console.log(`probe gaps ${gaps.join(", ")} ms`);
  console.log(`ramp H=${h.toFixed(1)}/s τ=${TAU_MS} ms: ${times.length} requests over ${((times.at(-1)! - times[0]!) / 1000).toFixed(1)} s; tightest window at +${worst.at} ms: ${worst.count} requests, allowed ${worst.allowed.toFixed(1)}`);
  expect(worst.count).toBeLessThanOrEqual(worst.allowed);
  expect(times.length).toBeGreaterThanOrEqual(BACKLOG - probed.size);
}, 120_000);
