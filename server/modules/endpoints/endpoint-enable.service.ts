// Re-enabling an endpoint (POST /api/v1/endpoints/{id}/enable): one transaction clears the disable
// and the isolation gates' state, starts the recovery ramp towards the endpoint's healthy rate, and
// enqueues the job that moves its held deliveries back into the queue (pg-boss joins the transaction,
// so the state change never commits without its job).
import { fromPrisma, type PgBoss } from "pg-boss";
import type { Db } from "../../db/client";
import type { Endpoint, Prisma } from "../../db/generated/client";
import { type RampConfig, rampTarget } from "../../delivery/pacing";
import { notFound } from "../../errors";
import { type EndpointJob, QUEUE } from "../../jobs/queues";
import { endpointsRepo } from "./endpoint.repo";
import { type EndpointResource, toEndpointResource } from "./endpoint.schemas";

export type EnableDeps = { db: Db; boss: PgBoss; ramp: RampConfig };

/**
 * Idempotent: an endpoint that is already enabled with a closed circuit keeps its runtime state (no
 * new ramp). The release job is enqueued either way: it is cheap, and it frees anything left held.
 */
export async function enableEndpoint(deps: EnableDeps, tenantId: string, endpointId: string): Promise<EndpointResource> {
  return toEndpointResource(await deps.db.$transaction((tx) => enableInTransaction(tx, deps, tenantId, endpointId)));
}

/** The same, inside the caller's transaction (PATCH with `enabled: true` enables exactly like this). */
export async function enableInTransaction(tx: Prisma.TransactionClient, deps: Omit<EnableDeps, "db">, tenantId: string, endpointId: string): Promise<Endpoint> {
  const repo = endpointsRepo(tx);
  const current = await repo.lock(tenantId, endpointId);
  if (!current) throw notFound("endpoint", endpointId);
  if (!current.enabled || current.circuitState !== "closed")
    await repo.enableWithRamp(tenantId, endpointId, rampTarget(current.peakRate, current.rateLimitPerSecond, deps.ramp));
  const job: EndpointJob = { tenantId, endpointId };
  await deps.boss.send(QUEUE.releaseHeld, job, { singletonKey: endpointId, db: fromPrisma(tx) });
  return (await repo.find(tenantId, endpointId))!;
}
