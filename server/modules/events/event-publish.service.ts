// Publishing: validate, rate-limit, de-duplicate by Idempotency-Key, then commit the event row and
// its fan-out job in ONE transaction (pg-boss joins Prisma's transaction), so an accepted event
// always has work scheduled and a rolled-back one leaves no job behind. Concurrent publishes share
// transactions (group commit), which is what lets one web process ingest thousands of events a second.
import { createHash } from "node:crypto";
import { fromPrisma, type PgBoss } from "pg-boss";
import type { Db } from "../../db/client";
import { subscriptionPatterns } from "../../delivery/event-type-match";
import { AppError } from "../../errors";
import { refuseUnstorableText } from "../../lib/clean-text";
import { type FanOutJob, QUEUE } from "../../jobs/queues";
import { canonicalJson } from "../../lib/canonical-json";
import { GroupCommit } from "../../lib/group-commit";
import { newId } from "../../lib/ids";
import { TtlCache } from "../../lib/ttl-cache";
import { claimIdempotencyKeys, countMatchingEndpoints, type EventToCommit, insertEvents } from "./event-commit.repo";
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
const GROUP = { maxBatch: 200, maxConcurrent: 4 };
// Only positive answers are cached: a tenant or type created a moment ago must work at once.
const known = new TtlCache<true>(60_000);
const committers = new WeakMap<PublishDeps, GroupCommit<EventToCommit, PublishedEvent | null>>();

export async function publishEvent(deps: PublishDeps, input: PublishEventInput, idempotencyKey?: string): Promise<PublishResult> {
  const now = deps.now?.() ?? Date.now();
  refuseUnstorableText({ ...input, idempotency_key: idempotencyKey });
  const payload = JSON.stringify(input.data);
  const payloadBytes = Buffer.byteLength(payload);
  if (payloadBytes > MAX_PAYLOAD_BYTES)
    throw new AppError("payload_too_large", `data is ${Math.ceil(payloadBytes / 1024)} KiB; the limit is ${MAX_PAYLOAD_BYTES / 1024} KiB.`);
  // After the tenant check, so unknown tenant ids never get a bucket in the limiter's memory.
  await checkTenantAndType(deps.db, input, now);
  const rateLimit = deps.limiter.take(input.tenant_id, now);
  const requestHash = createHash("sha256").update(canonicalJson([input.tenant_id, input.type, input.data])).digest("hex");
  if (idempotencyKey) {
    const earlier = await replayIdempotent(deps.db, input.tenant_id, idempotencyKey, requestHash);
    if (earlier) return { event: earlier, replayed: true, rateLimit };
  }
  const event: EventToCommit = {
    tenantId: input.tenant_id,
    id: newId("evt", now),
    type: input.type,
    payload,
    idempotencyKey: idempotencyKey ?? null,
    requestHash,
    createdAt: new Date(now),
    patterns: subscriptionPatterns(input.type),
  };
  const committed = await committerFor(deps).submit(event);
  if (committed) {
    deps.onAccepted?.(committed);
    return { event: committed, replayed: false, rateLimit };
  }
  // Another request holds the same Idempotency-Key (and won): answer with its response.
  const winner = await replayIdempotent(deps.db, input.tenant_id, idempotencyKey!, requestHash);
  if (!winner) throw new AppError("conflict", "A request with this Idempotency-Key is in progress; retry shortly.");
  return { event: winner, replayed: true, rateLimit };
}

function committerFor(deps: PublishDeps): GroupCommit<EventToCommit, PublishedEvent | null> {
  let committer = committers.get(deps);
  if (!committer) committers.set(deps, (committer = new GroupCommit((events) => commitEvents(deps, events), GROUP)));
  return committer;
}

/** One transaction for a group: the events (minus any that lost their Idempotency-Key) and their fan-out jobs. */
async function commitEvents(deps: PublishDeps, events: EventToCommit[]): Promise<(PublishedEvent | null)[]> {
  return deps.db.$transaction(
    async (tx) => {
      const sql = fromPrisma(tx);
      const matched = await countMatchingEndpoints(sql, events);
      const responses = events.map((event, i) => toPublished(event, matched[i] ?? 0));
      const keyed = firstPerKey(events);
      const expiresAt = new Date(events[0]!.createdAt.getTime() + IDEMPOTENCY_TTL_MS);
      const keyResponses = keyed.map((event) => JSON.stringify(responses[events.indexOf(event)]));
      const won = await claimIdempotencyKeys(sql, keyed, keyResponses, expiresAt);
      const accepted = events.filter((event) => !event.idempotencyKey || won.has(event.id));
      if (accepted.length) {
        await insertEvents(sql, accepted);
        const jobs = accepted.map((e): { data: FanOutJob } => ({ data: { tenantId: e.tenantId, eventId: e.id, type: e.type } }));
        await deps.boss.insert(QUEUE.fanOut, jobs, { db: sql });
      }
      return events.map((event, i) => (accepted.includes(event) ? responses[i]! : null));
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

/** Events with an Idempotency-Key, only the first of each (tenant, key) in the group. */
function firstPerKey(events: EventToCommit[]): (EventToCommit & { idempotencyKey: string })[] {
  const seen = new Set<string>();
  return events.filter((event): event is EventToCommit & { idempotencyKey: string } => {
    if (!event.idempotencyKey) return false;
    const key = `${event.tenantId}\n${event.idempotencyKey}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toPublished(event: EventToCommit, matched: number): PublishedEvent {
  return { id: event.id, type: event.type, tenant_id: event.tenantId, timestamp: event.createdAt.toISOString(), matched_endpoints: matched };
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
