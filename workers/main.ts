// The worker process: pg-boss queues (own `pgboss` schema), the sweeper, scheduled maintenance, and
// /healthz + /metrics on METRICS_PORT. Any number of workers may run against one database. SIGTERM
// and SIGINT stop fetching, let in-flight deliveries finish and record (bounded), then exit.
import { DATABASE_URL_MISSING } from "../server/db/client";
import { createSqlPool } from "../server/db/sql";
import { envOrExit } from "../server/env";
import { startBoss } from "../server/jobs/boss";
import { QUEUE } from "../server/jobs/queues";
import { createLogger } from "../server/logger";
import { isolationConfig } from "../server/modules/isolation/isolation-config";
import { createDeliverBatch } from "./deliver.job";
import { createDeliveryMetrics } from "./delivery-metrics";
import { DISPATCHER_DEFAULTS, startDispatcher } from "./delivery-dispatcher";
import { circuitProbeHandler, releaseHeldHandler } from "./endpoint-recovery.job";
import { FAN_OUT_BATCH, fanOutHandler } from "./fan-out.job";
import { createHttpSender } from "./http-sender";
import { createSendPacer } from "./send-pacer";
import { MAINTENANCE_CRON, runMaintenance } from "./maintenance.job";
import { replayTickHandler } from "./replay-tick.job";
import { startMetricsServer } from "./metrics-server";
import { SWEEP_INTERVAL_MS, sweepLostDeliveries } from "./sweeper";
import { createThroughput, createWorkerRegistry } from "./worker-metrics";
import { USER_AGENT } from "./user-agent";

const SHUTDOWN_GRACE_MS = 40_000; // the longest HTTP deadline (30 s) plus time to record

const config = envOrExit();
const log = createLogger("worker");
const databaseUrl = config.DATABASE_URL ?? exitWith(DATABASE_URL_MISSING);

function exitWith(message: string): never {
  console.error(message);
  process.exit(1);
}

const boss = await startBoss(databaseUrl, "worker", 10);
const sql = createSqlPool(databaseUrl, 8, (error) => log.warn({ error: error.message }, "database connection lost; reconnecting on next use"));
const sender = createHttpSender({ allowPrivateTargets: config.HOOKLINE_ALLOW_PRIVATE_TARGETS });
const throughput = createThroughput();
const registry = createWorkerRegistry(sql, throughput);
const metrics = createDeliveryMetrics(registry);
const policy = { scheduleMs: config.RETRY_SCHEDULE, jitter: config.RETRY_JITTER };
const isolation = isolationConfig(config);

await boss.work(
  QUEUE.fanOut,
  { batchSize: FAN_OUT_BATCH, transactional: true, notifyPollingIntervalSeconds: 1, pollingIntervalSeconds: 1, burstWhenBatchFull: true },
  fanOutHandler(boss, isolation.ramp, log),
);
const deliver = createDeliverBatch({ sql, boss, sender, pacer: createSendPacer(), policy, isolation, metrics, throughput, log, userAgent: USER_AGENT });
const dispatcher = startDispatcher(boss, deliver, log, { concurrency: config.WORKER_CONCURRENCY, ...DISPATCHER_DEFAULTS });
await boss.work(QUEUE.circuitProbe, { batchSize: 10, pollingIntervalSeconds: 0.5 }, circuitProbeHandler(sql, boss, log));
await boss.work(QUEUE.releaseHeld, { batchSize: 10, pollingIntervalSeconds: 0.5 }, releaseHeldHandler(sql, boss, isolation.ramp, log));
await boss.work(QUEUE.replayTick, { batchSize: 10, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 }, replayTickHandler(sql, boss, isolation.ramp, log));
await boss.work(QUEUE.maintenance, async () => runMaintenance(databaseUrl, sql, log));
await boss.schedule(QUEUE.maintenance, MAINTENANCE_CRON);

const sweeper = setInterval(() => {
  sweepLostDeliveries(sql, boss).then(
    (count) => count && log.warn({ count }, "re-enqueued deliveries that had lost their job"),
    (error: unknown) => log.warn({ err: error }, "sweep failed; will retry"),
  );
}, SWEEP_INTERVAL_MS);

const server = await startMetricsServer(config.METRICS_PORT, registry, async () => {
  const ok = await sql.executeSql("SELECT 1").then(() => true, () => false);
  return { ok, detail: { db: ok ? "ok" : "unreachable" } };
});
log.info({ queues: Object.values(QUEUE), metricsPort: config.METRICS_PORT, concurrency: config.WORKER_CONCURRENCY }, "worker ready");

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping: draining in-flight deliveries");
  clearInterval(sweeper);
  server.close();
  // In-flight deliveries finish and record; anything cut off keeps its claim, which lapses, and its
  // job expires and comes back, so nothing is lost either way.
  await dispatcher.stop(SHUTDOWN_GRACE_MS);
  await boss.stop({ graceful: true, timeout: 5_000 });
  await Promise.allSettled([sender.close(), sql.end()]);
  log.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
