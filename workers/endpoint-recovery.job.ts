// Two small jobs that bring held deliveries back (DESIGN §5):
// - circuit-probe: once an open circuit's cooldown has passed, wake one held delivery; the claim's
//   gate makes it the single probe. (New traffic arriving after the cooldown can probe too.)
// - release-held: once the endpoint may be sent to again (circuit closed, or enabled), move its held
//   deliveries back into the queue at their pacing slots (recovery ramp, rate limit), a few seconds'
//   worth at a time so fresh events interleave with the backlog instead of queueing behind all of it.
import type { Job, PgBoss } from "pg-boss";
import type { Logger } from "pino";
import type { Sql, SqlPool } from "../server/db/sql";
import { effectiveConcurrency } from "../server/delivery/adaptive-concurrency";
import { bookSlots, type RampConfig } from "../server/delivery/pacing";
import { deliverJob, type EndpointJob, QUEUE } from "../server/jobs/queues";
import { lockEndpointGates, saveGateStates } from "../server/modules/deliveries/delivery-claim.repo";
import { paceOf } from "../server/modules/isolation/endpoint-runtime.repo";
import { lockHeldDeliveries, unholdDeliveries } from "../server/modules/isolation/held-deliveries.repo";

/** Slots are booked this far ahead per run; the job then runs again for the next stretch. */
const RELEASE_HORIZON_MS = 5_000;
const RELEASE_CHUNK = 500;

export function circuitProbeHandler(sql: SqlPool, boss: PgBoss, log: Logger) {
  return async (jobs: Job<EndpointJob>[]): Promise<void> => {
    for (const job of jobs) {
      const woken = await sql.transaction((tx) => wakeProbe(tx, boss, job.data));
      if (woken) log.info({ ...job.data, deliveryId: woken }, "circuit probe: woke a held delivery");
    }
  };
}

async function wakeProbe(tx: Sql, boss: PgBoss, key: EndpointJob): Promise<string | null> {
  const { gates, nowMs } = await lockEndpointGates(tx, [key]);
  const gate = gates[0];
  if (!gate || !gate.enabled || gate.circuitState === "closed") return null;
  // Not yet (a later failure pushed the probe back): that failure scheduled its own probe job.
  if (gate.circuitProbeAt && gate.circuitProbeAt.getTime() > nowMs + 1_000) return null;
  const [held] = await lockHeldDeliveries(tx, key.tenantId, key.endpointId, 1);
  if (!held) return null;
  await unholdDeliveries(tx, key.tenantId, [{ id: held.id, at: new Date(nowMs) }]);
  await boss.insert(QUEUE.deliver, [deliverJob(held, "initial", { concurrency: 1 })], { db: tx });
  return held.id;
}

export function releaseHeldHandler(sql: SqlPool, boss: PgBoss, ramp: RampConfig, log: Logger) {
  return async (jobs: Job<EndpointJob>[]): Promise<void> => {
    for (const job of jobs) {
      const released = await sql.transaction((tx) => releaseSome(tx, boss, job.data, ramp));
      if (released) log.info({ ...job.data, released }, "released held deliveries");
    }
  };
}

async function releaseSome(tx: Sql, boss: PgBoss, key: EndpointJob, ramp: RampConfig): Promise<number> {
  const { gates, nowMs } = await lockEndpointGates(tx, [key]);
  const gate = gates[0];
  if (!gate || !gate.enabled || gate.circuitState !== "closed") return 0;
  const held = await lockHeldDeliveries(tx, key.tenantId, key.endpointId, RELEASE_CHUNK);
  const { slots, tatMs } = bookSlots(gate.rateTat?.getTime() ?? null, held.length, nowMs, paceOf(gate), ramp, RELEASE_HORIZON_MS);
  const released = held.slice(0, slots.length).map((d, i) => ({ ...d, at: new Date(slots[i] as number) }));
  await unholdDeliveries(tx, key.tenantId, released);
  const concurrency = effectiveConcurrency(gate.concurrencyLimit, gate.maxConcurrency);
  const paced = tatMs !== null;
  const jobs = released.map((d) => deliverJob(d, "retry", { concurrency, startAfter: d.at, slotBooked: paced }));
  if (jobs.length) await boss.insert(QUEUE.deliver, jobs, { db: tx });
  if (paced) await saveGateStates(tx, [{ tenantId: key.tenantId, endpointId: key.endpointId, circuitState: "closed", circuitProbeAt: null, rateTat: new Date(tatMs) }]);
  if (released.length < held.length || held.length === RELEASE_CHUNK) {
    const next = paced ? Math.max(nowMs, tatMs - RELEASE_HORIZON_MS / 2) : nowMs;
    await boss.insert(QUEUE.releaseHeld, [{ data: key, startAfter: new Date(next), singletonKey: key.endpointId }], { db: tx });
  }
  return released.length;
}
