// Customer endpoints: where deliveries go. The signing secret is returned only by create (and, later,
// rotate); reads never include it.
import { randomBytes } from "node:crypto";
import type { DbClient } from "../../db/client";
import { checkAddress, hostnameLiteral } from "../../delivery/address-rules";
import { parseFilter } from "../../delivery/event-type-match";
import { secretFromBytes } from "../../delivery/signature";
import { AppError, notFound } from "../../errors";
import { newId } from "../../lib/ids";
import { toPage } from "../../lib/pagination";
import { eventTypesRepo } from "../event-types/event-type.repo";
import { endpointsRepo } from "./endpoint.repo";
import { type CreateEndpointInput, toEndpointResource } from "./endpoint.schemas";

export type EndpointPolicy = { allowPrivateTargets: boolean; defaultTimeoutMs: number };

export async function createEndpoint(db: DbClient, tenantId: string, input: CreateEndpointInput, policy: EndpointPolicy) {
  checkTargetUrl(input.url, policy.allowPrivateTargets);
  await checkEventTypesExist(db, input.event_types);
  const secret = secretFromBytes(randomBytes(32));
  const row = await endpointsRepo(db).insertWithSecret(
    tenantId,
    {
      id: newId("ep"),
      url: input.url,
      description: input.description,
      eventTypes: [...new Set(input.event_types)],
      enabled: input.enabled,
      disabledReason: input.enabled ? null : "manual",
      disabledAt: input.enabled ? null : new Date(),
      timeoutMs: input.timeout_ms ?? policy.defaultTimeoutMs,
      rateLimitPerSecond: input.rate_limit_per_second,
      maxConcurrency: input.max_concurrency,
      headers: input.headers,
    },
    { id: newId("sec"), secret },
  );
  return { ...toEndpointResource(row), secret };
}

export async function getEndpoint(db: DbClient, tenantId: string, id: string) {
  const row = await endpointsRepo(db).find(tenantId, id);
  if (!row) throw notFound("endpoint", id);
  return toEndpointResource(row);
}

export async function listEndpoints(db: DbClient, tenantId: string, page: { limit: number; cursor?: string }) {
  return toPage(await endpointsRepo(db).list(tenantId, page), page.limit, toEndpointResource);
}

/** Deleting an endpoint deletes its deliveries (cascade); its attempts age out with their partitions. */
export async function deleteEndpoint(db: DbClient, tenantId: string, id: string): Promise<void> {
  if (!(await endpointsRepo(db).delete(tenantId, id))) throw notFound("endpoint", id);
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

function invalidField(field: string, message: string): AppError {
  return new AppError("unprocessable", `Invalid request: ${field} ${message}`, [{ field, message }]);
}
