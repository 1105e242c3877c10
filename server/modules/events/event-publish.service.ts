// Publishing: validate, rate-limit, de-duplicate by Idempotency-Key, then commit the event row and
// its fan-out job in ONE transaction (pg-boss joins Prisma's transaction), so an accepted event
// always has work scheduled and a rolled-back one leaves no job behind.
import { createHash } from "node:crypto";
import { fromPrisma, type PgBoss } from "pg-boss";
import type { Db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { subscriptionPatterns } from "../../delivery/event-type-match";
import { AppError } from "../../errors";
import { QUEUE, type FanOutJob } from "../../jobs/queues";
import { newId } from "../../lib/ids";
import { TtlCache } from "../../lib/ttl-cache";
import { eventsRepo } from "./event.repo";
import { MAX_PAYLOAD_BYTES, type PublishedEvent, type PublishEventInput } from "./event.schemas";
import type { IngestRateLimiter, RateLimitHeaders } from "./ingest-rate-limit";

export type PublishDeps = {
  db: Db;
  boss: PgBoss;
  limiter: IngestRateLimiter;
  now?: () => number;
  /** Called once per newly accepted event (metrics). */
  onAccepted?: (event: PublishedEvent) => void;
};
export type PublishResult = { event: PublishedEvent; replayed: boolean; rateLimit: RateLimitHeaders };

const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
// Only positive answers are cached: a tenant or type created a moment ago must work at once.
const known = new TtlCache<true>(60_000);

export async function publishEvent(deps: PublishDeps, input: PublishEventInput, idempotencyKey?: string): Promise<PublishResult> {
  const now = deps.now?.() ?? Date.now();
  const payloadBytes = Buffer.byteLength(JSON.stringify(input.data));
  if (payloadBytes > MAX_PAYLOAD_BYTES)
    throw new AppError("payload_too_large", `data is ${Math.ceil(payloadBytes / 1024)} KiB; the limit is ${MAX_PAYLOAD_BYTES / 1024} KiB.`);
  // After the tenant check, so unknown tenant ids never get a bucket in the limiter's memory.
  await checkTenantAndType(deps.db, input, now);
  const rateLimit = deps.limiter.take(input.tenant_id, now);
  const requestHash = createHash("sha256").update(JSON.stringify([input.tenant_id, input.type, input.data])).digest("hex");
  if (idempotencyKey) {
    const earlier = await replayIdempotent(deps.db, input.tenant_id, idempotencyKey, requestHash);
    if (earlier) return { event: earlier, replayed: true, rateLimit };
  }
  const committed = await commitEvent(deps, input, { idempotencyKey, requestHash, now });
  if (committed) {
    deps.onAccepted?.(committed);
    return { event: committed, replayed: false, rateLimit };
  }
  // Lost a race for the same Idempotency-Key: the winner's response is now stored.
  const winner = await replayIdempotent(deps.db, input.tenant_id, idempotencyKey!, requestHash);
  if (!winner) throw new AppError("conflict", "A request with this Idempotency-Key is in progress; retry shortly.");
  return { event: winner, replayed: true, rateLimit };
}

async function replayIdempotent(db: Db, tenantId: string, key: string, requestHash: string): Promise<PublishedEvent | null> {
  const row = await eventsRepo(db).findIdempotencyKey(tenantId, key);
  if (!row) return null;
  if (row.requestHash !== requestHash)
    throw new AppError(
      "conflict",
      `Idempotency-Key "${key}" was already used with a different request body (event ${row.eventId}). Use a new key for a new event.`,
    );
  return row.response as PublishedEvent;
}

async function checkTenantAndType(db: Db, input: PublishEventInput, now: number): Promise<void> {
  const repo = eventsRepo(db);
  const tenantKey = `tenant:${input.tenant_id}`;
  if (!known.get(tenantKey, now)) {
    if (!(await repo.tenantExists(input.tenant_id))) throw new AppError("not_found", `No tenant with id "${input.tenant_id}".`);
    known.set(tenantKey, true, now);
  }
  const typeKey = `type:${input.type}`;
  if (!known.get(typeKey, now)) {
    if (!(await repo.eventTypeExists(input.type)))
      throw new AppError("unprocessable", `Event type "${input.type}" is not registered. An operator registers it with POST /api/v1/admin/event-types.`, [
        { field: "type", message: "not a registered event type" },
      ]);
    known.set(typeKey, true, now);
  }
}

async function commitEvent(
  deps: PublishDeps,
  input: PublishEventInput,
  options: { idempotencyKey?: string; requestHash: string; now: number },
): Promise<PublishedEvent | null> {
  const id = newId("evt", options.now);
  const createdAt = new Date(options.now);
  return deps.db.$transaction(async (tx) => {
    const repo = eventsRepo(tx);
    await repo.insert(input.tenant_id, { id, type: input.type, payload: input.data as Prisma.InputJsonValue, idempotencyKey: options.idempotencyKey ?? null, createdAt });
    const matched = await repo.countMatchingEndpoints(input.tenant_id, subscriptionPatterns(input.type));
    const event: PublishedEvent = { id, type: input.type, tenant_id: input.tenant_id, timestamp: createdAt.toISOString(), matched_endpoints: matched };
    if (options.idempotencyKey) {
      const expiresAt = new Date(options.now + IDEMPOTENCY_TTL_MS);
      const row = { key: options.idempotencyKey, requestHash: options.requestHash, eventId: id, response: event, expiresAt };
      if (!(await repo.insertIdempotencyKey(input.tenant_id, row))) throw new IdempotencyRace();
    }
    const job: FanOutJob = { tenantId: input.tenant_id, eventId: id, type: input.type };
    await deps.boss.send(QUEUE.fanOut, job, { db: fromPrisma(tx) });
    return event;
  }).catch((error: unknown) => {
    if (error instanceof IdempotencyRace) return null;
    throw error;
  });
}

class IdempotencyRace extends Error {}
