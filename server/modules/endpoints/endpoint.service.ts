// Customer endpoints: where deliveries go. The signing secret is returned only by create (and by
// rotate-secret); reads and updates never include it.
import type { Db, DbClient } from "../../db/client";
import { checkAddress, hostnameLiteral } from "../../delivery/address-rules";
import { parseFilter } from "../../delivery/event-type-match";
import type { Env } from "../../env";
import { AppError, notFound } from "../../errors";
import { newId } from "../../lib/ids";
import { toPage } from "../../lib/pagination";
import { eventTypesRepo } from "../event-types/event-type.repo";
import { type EnableDeps, enableInTransaction } from "./endpoint-enable.service";
import { newSigningSecret } from "./endpoint-secret.service";
import { endpointsRepo } from "./endpoint.repo";
import { type CreateEndpointInput, type EndpointResource, type EndpointWithSecret, toEndpointResource, type UpdateEndpointInput } from "./endpoint.schemas";

export type EndpointPolicy = { allowPrivateTargets: boolean; defaultTimeoutMs: number };

export function endpointPolicy(config: Pick<Env, "HOOKLINE_ALLOW_PRIVATE_TARGETS" | "DELIVERY_TIMEOUT_MS">): EndpointPolicy {
  return { allowPrivateTargets: config.HOOKLINE_ALLOW_PRIVATE_TARGETS, defaultTimeoutMs: config.DELIVERY_TIMEOUT_MS };
}

export async function createEndpoint(db: DbClient, tenantId: string, input: CreateEndpointInput, policy: EndpointPolicy): Promise<EndpointWithSecret> {
  await checkEndpointInput(db, input, policy);
  const secret = newSigningSecret();
  const row = await endpointsRepo(db).insertWithSecret(
    tenantId,
    {
      id: newId("ep"),
      ...endpointColumns(input),
      url: input.url,
      enabled: input.enabled,
      disabledReason: input.enabled ? null : "manual",
      disabledAt: input.enabled ? null : new Date(),
      timeoutMs: input.timeout_ms ?? policy.defaultTimeoutMs,
    },
    { id: newId("sec"), secret },
  );
  return { ...toEndpointResource(row), secret };
}

export type UpdateDeps = Omit<EnableDeps, "db"> & { db: Db; policy: EndpointPolicy };

/**
 * PATCH: the given fields, checked like on create. `enabled: false` disables with reason `manual` (the
 * worker's gate then holds its deliveries); `enabled: true` on a disabled endpoint enables it exactly
 * like POST …/enable. Either is a no-op when the endpoint is already in that state (an existing
 * disable keeps its reason; an enabled endpoint's open circuit is left to the enable route).
 */
export async function updateEndpoint(deps: UpdateDeps, tenantId: string, id: string, input: UpdateEndpointInput): Promise<EndpointResource> {
  const row = await deps.db.$transaction(async (tx) => {
    const repo = endpointsRepo(tx);
    const current = await repo.lock(tenantId, id);
    if (!current) throw notFound("endpoint", id);
    await checkEndpointInput(tx, input, deps.policy);
    const disabling = input.enabled === false && current.enabled;
    const updated = await repo.update(tenantId, id, { ...endpointColumns(input), ...(disabling ? { enabled: false, disabledReason: "manual", disabledAt: new Date() } : {}) });
    return input.enabled === true && !current.enabled ? enableInTransaction(tx, deps, tenantId, id) : updated;
  });
  return toEndpointResource(row);
}

export async function getEndpoint(db: DbClient, tenantId: string, id: string) {
  const row = await endpointsRepo(db).find(tenantId, id);
  if (!row) throw notFound("endpoint", id);
  return toEndpointResource(row);
}

export async function listEndpoints(db: DbClient, tenantId: string, page: { limit: number; cursor?: string }) {
  return toPage(await endpointsRepo(db).list(tenantId, page), page.limit, toEndpointResource);
}

/** Deleting an endpoint deletes its deliveries and replays (cascade); its attempts age out with their partitions. */
export async function deleteEndpoint(db: Db, tenantId: string, id: string): Promise<void> {
  const deleted = await db.$transaction(async (tx) => {
    const repo = endpointsRepo(tx);
    await repo.lockDeliveries(tenantId, id);
    return repo.delete(tenantId, id);
  }, { timeout: 60_000 });
  if (!deleted) throw notFound("endpoint", id);
}

/** The stored columns for the fields present (undefined leaves a column as it is). */
function endpointColumns(input: UpdateEndpointInput) {
  return {
    url: input.url,
    description: input.description,
    eventTypes: input.event_types && [...new Set(input.event_types)],
    timeoutMs: input.timeout_ms,
    rateLimitPerSecond: input.rate_limit_per_second,
    maxConcurrency: input.max_concurrency,
    headers: input.headers,
  };
}

/** What zod cannot check alone: the target against the private-target policy, and that event types exist. */
async function checkEndpointInput(db: DbClient, input: UpdateEndpointInput, policy: EndpointPolicy): Promise<void> {
  if (input.url !== undefined) checkTargetUrl(input.url, policy.allowPrivateTargets);
  if (input.event_types !== undefined) await checkEventTypesExist(db, input.event_types);
}

function checkTargetUrl(url: string, allowPrivateTargets: boolean): void {
  const parsed = new URL(url);
  if (allowPrivateTargets) return;
  if (parsed.protocol !== "https:") throw invalidField("url", "must use https (plain http is only allowed with HOOKLINE_ALLOW_PRIVATE_TARGETS=1)");
  const literal = hostnameLiteral(parsed.hostname);
  const verdict = literal ? checkAddress(literal) : { allowed: parsed.hostname !== "localhost" } as const;
  if (!verdict.allowed) throw invalidField("url", "points at a private, loopback or reserved address; Hookline only delivers to public hosts");
}

async function checkEventTypesExist(db: DbClient, filters: string[]): Promise<void> {
  const exact = filters.flatMap((filter, index) => {
    const parsed = parseFilter(filter);
    return parsed.kind === "exact" ? [{ index, name: parsed.name }] : [];
  });
  if (!exact.length) return;
  const known = new Set(await eventTypesRepo(db).namesAmong(exact.map((e) => e.name)));
  const missing = exact.filter((e) => !known.has(e.name));
  if (missing.length)
    throw new AppError(
      "unprocessable",
      `Unknown event type${missing.length > 1 ? "s" : ""}: ${missing.map((m) => m.name).join(", ")}. GET /api/v1/event-types lists the registered ones.`,
      missing.map((m) => ({ field: `event_types.${m.index}`, message: `"${m.name}" is not a registered event type` })),
    );
}

export function invalidField(field: string, message: string): AppError {
  return new AppError("unprocessable", `Invalid request: ${field} ${message}`, [{ field, message }]);
}
