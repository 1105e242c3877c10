import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";

/** What re-enabling decides on, read with the row locked. */
export type EndpointEnableState = { enabled: boolean; circuitState: string; peakRate: number; rateLimitPerSecond: number | null };

export function endpointsRepo(db: DbClient) {
  return {
    insertWithSecret: (tenantId: string, endpoint: Omit<Prisma.EndpointUncheckedCreateInput, "tenantId">, secret: { id: string; secret: string }) =>
      db.endpoint.create({ data: { ...endpoint, tenantId, secrets: { create: { ...secret } } } }),
    find: (tenantId: string, id: string) => db.endpoint.findUnique({ where: { tenantId_id: { tenantId, id } } }),
    list: (tenantId: string, page: { limit: number; cursor?: string }) =>
      db.endpoint.findMany({
        where: { tenantId, ...(page.cursor ? { id: { lt: page.cursor } } : {}) },
        orderBy: { id: "desc" },
        take: page.limit + 1,
      }),
    delete: async (tenantId: string, id: string) => (await db.endpoint.deleteMany({ where: { tenantId, id } })).count > 0,
    lockForEnable: async (tenantId: string, id: string) => {
      const rows = await db.$queryRaw<EndpointEnableState[]>`
        SELECT enabled, circuit_state::text AS "circuitState", peak_rate AS "peakRate", rate_limit_per_second AS "rateLimitPerSecond"
          FROM endpoints WHERE tenant_id = ${tenantId} AND id = ${id} FOR NO KEY UPDATE`;
      return rows[0] ?? null;
    },
    /** Enabled with a closed circuit and fresh gate state, recovering along a ramp towards `rampRate` per second. */
    enableWithRamp: (tenantId: string, id: string, rampRate: number) =>
      db.$executeRaw`
        UPDATE endpoints
           SET enabled = true, disabled_reason = NULL, disabled_at = NULL,
               circuit_state = 'closed', circuit_opened_at = NULL, circuit_cooldown_ms = NULL, circuit_probe_at = NULL,
               window_started_at = NULL, window_failures = 0, window_successes = 0, prev_window_failures = 0, prev_window_successes = 0,
               failing_since = NULL, concurrency_limit = NULL,
               ramp_started_at = now(), ramp_rate = ${rampRate}, updated_at = now()
         WHERE tenant_id = ${tenantId} AND id = ${id}`,
    /** The newest attempt (ids are time-sortable) through the index (tenant_id, endpoint_id, id), newest partition first. */
    latestAttempt: (tenantId: string, endpointId: string) =>
      db.attempt.findFirst({
        where: { tenantId, endpointId },
        orderBy: { id: "desc" },
        select: { id: true, deliveryId: true, startedAt: true, responseStatus: true, errorKind: true, durationMs: true },
      }),
  };
}
