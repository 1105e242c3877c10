// What publishing needs inside the web process: the Prisma client, the enqueue-only pg-boss and the
// process's ingest rate limiter. Shared by the REST route and the tRPC procedure.
import { db, requireDatabaseUrl } from "../../db/client";
import { env } from "../../env";
import { webBoss } from "../../jobs/boss";
import { webMetrics } from "../../metrics/web-metrics";
import type { PublishDeps } from "./event-publish.service";
import { IngestRateLimiter } from "./ingest-rate-limit";

const globalForLimiter = globalThis as unknown as { hooklineIngestLimiter?: IngestRateLimiter };

export async function publishDeps(): Promise<PublishDeps> {
  const config = env();
  globalForLimiter.hooklineIngestLimiter ??= new IngestRateLimiter({ ratePerSecond: config.INGEST_RATE_PER_SECOND, burst: config.INGEST_BURST });
  return {
    db: db(),
    boss: await webBoss(requireDatabaseUrl()),
    limiter: globalForLimiter.hooklineIngestLimiter,
    onAccepted: (event) => webMetrics().eventsIngested.inc({ type: event.type }),
  };
}
