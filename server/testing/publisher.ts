// Publishing from tests and the bench through the same service the REST route calls, with an
// enqueue-only pg-boss of its own and no ingest limit.
import type { Db } from "../db/client";
import { startBoss } from "../jobs/boss";
import { publishEvent, type PublishDeps } from "../modules/events/event-publish.service";
import { IngestRateLimiter } from "../modules/events/ingest-rate-limit";

export type Publisher = { deps: PublishDeps; publish(tenantId: string, type: string, data?: Record<string, unknown>): Promise<string>; stop(): Promise<void> };

export async function startPublisher(db: Db, databaseUrl: string, poolSize = 10): Promise<Publisher> {
  const boss = await startBoss(databaseUrl, "web", poolSize);
  const deps: PublishDeps = { db, boss, limiter: new IngestRateLimiter({ ratePerSecond: 1e9, burst: 1e9 }) };
  return {
    deps,
    publish: async (tenantId, type, data = {}) => (await publishEvent(deps, { tenant_id: tenantId, type, data })).event.id,
    stop: () => boss.stop({ graceful: false }),
  };
}
