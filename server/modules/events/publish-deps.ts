// What publishing needs inside the web process: the Prisma client, the enqueue-only pg-boss and the
// process's ingest rate limiter. Shared by the REST route and the tRPC procedure, and built once per
// process: concurrent publishes only share transactions (group commit) through the same deps.
import { db, requireDatabaseUrl } from "../../db/client";
import { env } from "../../env";
import { webBoss } from "../../jobs/boss";
import { webMetrics } from "../../metrics/web-metrics";
import type { PublishDeps } from "./event-publish.service";
import { IngestRateLimiter } from "./ingest-rate-limit";

const globalForPublish = globalThis as unknown as { hooklinePublishDeps?: Promise<PublishDeps> };

export function publishDeps(): Promise<PublishDeps> {
  globalForPublish.hooklinePublishDeps ??= build().catch((error: unknown) => {
    globalForPublish.hooklinePublishDeps = undefined;
    throw error;
  });
  return globalForPublish.hooklinePublishDeps;
}

async function build(): Promise<PublishDeps> {
  const config = env();
  return {
    db: db(),
    boss: await webBoss(requireDatabaseUrl()),
    limiter: new IngestRateLimiter({ ratePerSecond: config.INGEST_RATE_PER_SECOND, burst: config.INGEST_BURST }),
    onAccepted: (event) => webMetrics().eventsIngested.inc({ type: event.type }),
  };
}
