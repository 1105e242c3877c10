// The worker process: pg-boss queues (own `pgboss` schema), scheduled maintenance, /healthz and
// /metrics on METRICS_PORT. Any number of workers may run against one database. SIGTERM/SIGINT stop
// fetching, let in-flight jobs finish (bounded), then exit.
import { PgBoss } from "pg-boss";
import { DATABASE_URL_MISSING } from "../server/db/client";
import { envOrExit } from "../server/env";
import { createLogger } from "../server/logger";
import { MAINTENANCE_CRON, runMaintenance } from "./maintenance.job";
import { startMetricsServer } from "./metrics-server";
import { QUEUE, QUEUE_OPTIONS } from "./queues";
import { createWorkerRegistry } from "./worker-metrics";

const SHUTDOWN_GRACE_MS = 30_000;

const config = envOrExit();
const log = createLogger("worker");
const databaseUrl = config.DATABASE_URL ?? exitWith(DATABASE_URL_MISSING);

function exitWith(message: string): never {
  console.error(message);
  process.exit(1);
}

const boss = new PgBoss({
  connectionString: databaseUrl,
  schema: "pgboss",
  application_name: "hookline-worker",
  useListenNotify: true,
  max: 10,
});
// pg-boss reports connection loss here and keeps retrying; logging it is all we need to do.
boss.on("error", (error) => log.error({ err: error }, "pg-boss error"));

await boss.start();
for (const [name, options] of Object.entries(QUEUE_OPTIONS)) await boss.createQueue(name, options);
await boss.work(QUEUE.maintenance, async () => runMaintenance(databaseUrl, log));
await boss.schedule(QUEUE.maintenance, MAINTENANCE_CRON);

const server = await startMetricsServer(config.METRICS_PORT, createWorkerRegistry(boss), async () => {
  const queues = await boss.getQueues([QUEUE.deliver]).then(() => true, () => false);
  return { ok: queues, detail: { db: queues ? "ok" : "unreachable" } };
});
log.info({ queues: Object.values(QUEUE), metricsPort: config.METRICS_PORT }, "worker ready");

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping: draining in-flight jobs");
  server.close();
  await boss.stop({ graceful: true, timeout: SHUTDOWN_GRACE_MS });
  log.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
