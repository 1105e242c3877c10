import type { DbClient } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import { effectiveConcurrencySql } from "../isolation/endpoint-runtime.repo";

/** What enabling, updating and rotating decide on, read with the row locked. */
export type EndpointLockedState = { enabled: boolean; circuitState: string; peakRate: number; rateLimitPerSecond: number | null };

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
    /**
     * The endpoint's deliveries, locked in key order before the endpoint row goes: claims and the
     * attempt recorder lock deliveries before their endpoint, and a cascade in the other order could
     * deadlock with them.
     */
    lockDeliveries: (tenantId: string, id: string) =>
      db.$executeRaw`SELECT 1 FROM (SELECT id FROM deliveries WHERE tenant_id = ${tenantId} AND endpoint_id = ${id} ORDER BY id FOR UPDATE) locked`,
    /**
     * Locks the row FOR NO KEY UPDATE, which serialises enable, update and rotation with each other and
     * with the worker's gate decisions, but not with the KEY SHARE locks that inserting a delivery takes.
     */
    lock: async (tenantId: string, id: string) => {
      const rows = await db.$queryRaw<EndpointLockedState[]>`
        SELECT enabled, circuit_state::text AS "circuitState", peak_rate AS "peakRate", rate_limit_per_second AS "rateLimitPerSecond"
          FROM endpoints WHERE tenant_id = ${tenantId} AND id = ${id} FOR NO KEY UPDATE`;
      return rows[0] ?? null;
    },
    update: (tenantId: string, id: string, data: Prisma.EndpointUpdateInput) => db.endpoint.update({ where: { tenantId_id: { tenantId, id } }, data }),
    /** What a new delivery to the endpoint needs: its state, filters and its deliver job's concurrency tier. */
    deliveryTarget: async (tenantId: string, id: string) => {
      const rows = await db.$queryRaw<{ enabled: boolean; eventTypes: string[]; concurrency: number }[]>`
        SELECT e.enabled, e.event_types AS "eventTypes", ${Prisma.raw(effectiveConcurrencySql("e"))} AS concurrency
          FROM endpoints e WHERE e.tenant_id = ${tenantId} AND e.id = ${id}`;
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
