// Everything the scenarios run against, booted by the bench itself: PostgreSQL (migrated), the
// publishing path of the web process (Prisma + an enqueue-only pg-boss, as the REST route uses them),
// the real worker process(es), a loopback receiver and a CPU monitor, and the web process's shared
// clients for the scenarios that call REST route handlers (web-process.ts). Each piece registers its
// own teardown as soon as it exists, so a failure half-way still cleans up what was started.
import pg from "pg";
import { createDb, type Db } from "../server/db/client";
import type { PublishDeps } from "../server/modules/events/event-publish.service";
import { startPublisher } from "../server/testing/publisher";
import { startWorkerProcess, type WorkerProcess } from "../server/testing/worker-process";
import type { BenchConfig } from "./args";
import type { Cleanup } from "./cleanup";
import { createCpuMonitor, type CpuMonitor } from "./cpu-monitor";
import { type BenchDatabase, startBenchDatabase } from "./database";
import { type BenchReceiver, startBenchReceiver } from "./receiver";
import { actAsWebProcess } from "./web-process";

export type Stack = {
  database: BenchDatabase;
  db: Db;
  /** Exactly what POST /api/v1/events hands to publishEvent, minus the HTTP parsing and auth. */
  publish: PublishDeps;
  /** A separate small pool for progress polling and result queries, so it never queues behind publishes. */
  probe: pg.Pool;
  receiver: BenchReceiver;
  workers: WorkerProcess[];
  cpu?: CpuMonitor;
};

const PUBLISH_POOL = 20;
const WORKER_STOP_GRACE_MS = 15_000;

export async function startStack(config: BenchConfig, externalUrl: string | undefined, cleanup: Cleanup, log: (line: string) => void): Promise<Stack> {
  log(externalUrl ? "creating a bench database on the DATABASE_URL server…" : "starting an embedded PostgreSQL…");
  const database = await startBenchDatabase(externalUrl, cleanup);
  const db = createDb(database.url, PUBLISH_POOL);
  cleanup.add("disconnect Prisma", () => db.$disconnect());
  // The same publishing deps tests use: an enqueue-only pg-boss and the ingest limit set out of reach
  // (it is the product's guard against a runaway publisher; here it would cap what is being measured).
  const publisher = await startPublisher(db, database.url, PUBLISH_POOL);
  cleanup.add("stop the publishing pg-boss", () => publisher.stop());
  await actAsWebProcess(database.url, cleanup);
  const probe = new pg.Pool({ connectionString: database.url, max: 4, application_name: "hookline-bench-probe" });
  cleanup.add("close the probe pool", () => probe.end());
  const receiver = await startBenchReceiver();
  cleanup.add("stop the receiver", () => receiver.close());
  const workers = await startWorkers(config, database.url, cleanup, log);
  const roots = (): Record<string, number[]> => ({
    bench: [process.pid],
    worker: workers.flatMap((w) => (w.process.pid ? [w.process.pid] : [])),
    ...(database.postmasterPid ? { postgres: [database.postmasterPid] } : {}),
  });
  return { database, db, publish: publisher.deps, probe, receiver, workers, cpu: createCpuMonitor(roots) };
}

async function startWorkers(config: BenchConfig, databaseUrl: string, cleanup: Cleanup, log: (line: string) => void): Promise<WorkerProcess[]> {
  const workers: WorkerProcess[] = [];
  for (let i = 0; i < config.workers; i++) {
    log(`starting worker ${i + 1}/${config.workers} (WORKER_CONCURRENCY=${config.concurrency})…`);
    const worker = await startWorkerProcess({
      DATABASE_URL: databaseUrl,
      HOOKLINE_ALLOW_PRIVATE_TARGETS: "1",
      LOG_LEVEL: "warn",
      WORKER_CONCURRENCY: String(config.concurrency),
    });
    workers.push(worker);
    cleanup.add(`stop worker ${i + 1}`, () => stopWorker(worker));
    // A worker dying mid-run would silently turn the numbers into a measure of the survivors.
    worker.process.once("exit", (code, signal) => {
      if (!cleanup.started()) log(`worker ${i + 1} exited unexpectedly (code ${code}, signal ${signal}):\n${worker.output().slice(-2000)}`);
    });
  }
  return workers;
}

async function stopWorker(worker: WorkerProcess): Promise<void> {
  const timer = setTimeout(() => void worker.stop("SIGKILL"), WORKER_STOP_GRACE_MS);
  await worker.stop("SIGTERM");
  clearTimeout(timer);
}
