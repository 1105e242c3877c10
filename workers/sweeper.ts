// The safety net under the queue: deliveries that are due (or whose claim lapsed) well past their time
// and have no live job (queued or running; a running one is pg-boss's to recover) get one again. The
// database is the truth; a lost job must never mean a delivery that silently stops. One worker sweeps
// at a time (advisory lock). Endpoints whose held deliveries or open circuit lost their job are
// handled by recovery-sweeper.ts in the same pass.
import type { PgBoss } from "pg-boss";
import type { SqlPool } from "../server/db/sql";
import { BOSS_SCHEMA } from "../server/jobs/boss";
import { deliverJob, QUEUE } from "../server/jobs/queues";
import { effectiveConcurrencySql } from "../server/modules/isolation/endpoint-runtime.repo";
import { sweepStuckEndpoints } from "./recovery-sweeper";

export const SWEEP_INTERVAL_MS = 30_000;
/** Longer than a deliver job's expiry plus its first retries, so a live job is given its chance first. */
export const SWEEP_GRACE_MS = 150_000;
const SWEEP_LOCK = 72_707_371;
const SWEEP_BATCH = 1_000;

export async function sweepLostDeliveries(sql: SqlPool, boss: PgBoss, graceMs = SWEEP_GRACE_MS): Promise<number> {
  return sql.transaction(async (tx) => {
    const { rows: lock } = await tx.executeSql("SELECT pg_try_advisory_xact_lock($1) AS locked", [SWEEP_LOCK]);
    if (!lock[0]?.locked) return 0;
    // Per tenant (lateral) so the scan uses the tenant-first index on (tenant_id, status, next_attempt_at).
    const { rows } = await tx.executeSql(
      `SELECT d.tenant_id AS "tenantId", d.id, d.endpoint_id AS "endpointId", d.attempt_count AS "attemptCount",
              ${effectiveConcurrencySql("e")} AS concurrency
         FROM tenants t
         CROSS JOIN LATERAL (
           SELECT * FROM deliveries d
            WHERE d.tenant_id = t.id AND d.status IN ('pending', 'retrying', 'sending')
              AND COALESCE(d.next_attempt_at, d.updated_at) < now() - $1 * interval '1 millisecond'
              AND NOT EXISTS (SELECT 1 FROM ${BOSS_SCHEMA}.job j
                               WHERE j.name = $3 AND j.singleton_key = d.id AND j.state <= 'active')
            ORDER BY d.next_attempt_at LIMIT $2) d
         JOIN endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id
        LIMIT $2`,
      [graceMs, SWEEP_BATCH, QUEUE.deliver],
    );
    const lost = rows as { tenantId: string; id: string; endpointId: string; attemptCount: number; concurrency: number }[];
    const jobs = lost.map((d) => deliverJob(d, d.attemptCount === 0 ? "initial" : "retry", { concurrency: d.concurrency }));
    if (jobs.length) await boss.insert(QUEUE.deliver, jobs, { db: tx });
    return lost.length + (await sweepStuckEndpoints(tx, boss, graceMs));
  });
}
