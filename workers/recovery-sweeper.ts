// The safety net under the recovery jobs: an endpoint that may be sent to (enabled, circuit closed)
// but still has held deliveries gets a release job; an open circuit whose probe is long overdue gets
// a probe job; a replay item scheduled long ago whose deliver job is gone goes back in line, and a
// running replay with waiting items but no tick job gets a tick. All these jobs are idempotent, so a
// spare one costs nothing. Runs with the delivery sweeper.
import type { PgBoss } from "pg-boss";
import type { Sql } from "../server/db/sql";
import { BOSS_SCHEMA } from "../server/jobs/boss";
import { type EndpointJob, QUEUE, replayTickJob } from "../server/jobs/queues";
import { replaysWithoutTick, requeueLostItems } from "../server/modules/replays/replay-tick.repo";

const STUCK_BATCH = 500;

export async function sweepStuckEndpoints(tx: Sql, boss: PgBoss, graceMs: number): Promise<number> {
  // Endpoints with a live (queued or running) job of the right kind are left to it.
  const { rows } = await tx.executeSql(
    `SELECT e.tenant_id AS "tenantId", e.id AS "endpointId",
            CASE WHEN e.circuit_state = 'closed' THEN $3 ELSE $4 END AS queue
       FROM endpoints e
      WHERE e.enabled
        AND ((e.circuit_state = 'closed'
              AND EXISTS (SELECT 1 FROM deliveries d WHERE d.tenant_id = e.tenant_id AND d.endpoint_id = e.id AND d.status = 'held'))
          OR (e.circuit_state <> 'closed' AND e.circuit_probe_at < now() - $1 * interval '1 millisecond'))
        AND NOT EXISTS (SELECT 1 FROM ${BOSS_SCHEMA}.job j
                         WHERE j.name IN ($3, $4) AND j.singleton_key = e.id AND j.state <= 'active')
      LIMIT $2`,
    [graceMs, STUCK_BATCH, QUEUE.releaseHeld, QUEUE.circuitProbe],
  );
  const stuck = rows as (EndpointJob & { queue: string })[];
  for (const queue of [QUEUE.releaseHeld, QUEUE.circuitProbe]) {
    const jobs = stuck.filter((s) => s.queue === queue).map((s) => ({ data: { tenantId: s.tenantId, endpointId: s.endpointId }, singletonKey: s.endpointId }));
    if (jobs.length) await boss.insert(queue, jobs, { db: tx });
  }
  const requeued = await requeueLostItems(tx, BOSS_SCHEMA, QUEUE.deliver, graceMs, STUCK_BATCH);
  const replays = [...requeued, ...(await replaysWithoutTick(tx, BOSS_SCHEMA, QUEUE.replayTick, STUCK_BATCH))];
  if (replays.length) await boss.insert(QUEUE.replayTick, replays.map((r) => replayTickJob(r.tenantId, r.replayId)), { db: tx });
  return stuck.length + replays.length;
}
