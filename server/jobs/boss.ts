// pg-boss instances. The worker runs queues and maintenance; the web process only enqueues, so its
// instance neither supervises nor schedules. Queue creation is idempotent and safe to race.
import { PgBoss } from "pg-boss";
import { createLogger } from "../logger";
import { QUEUE_OPTIONS } from "./queues";

export const BOSS_SCHEMA = "pgboss";

export async function startBoss(connectionString: string, role: "web" | "worker", poolSize = 10): Promise<PgBoss> {
  const log = createLogger(role);
  const boss = new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    application_name: `hookline-${role}`,
    useListenNotify: role === "worker",
    supervise: role === "worker",
    // Supervision fails jobs whose worker stopped heartbeating; checking often bounds crash recovery.
    superviseIntervalSeconds: 10,
    schedule: role === "worker",
    max: poolSize,
  });
  // pg-boss reports connection loss here and keeps retrying; logging it is all we need to do.
  // Only message and code: pg errors carry the whole client object, connection settings included.
  boss.on("error", (error: Error & { code?: string }) => log.error({ error: error.message, code: error.code }, "pg-boss error"));
  await boss.start();
  for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
    await boss.createQueue(name, options);
    // createQueue leaves an existing queue as it was: bring its settings up to date.
    const { policy: _policy, ...settings } = options;
    await boss.updateQueue(name, settings);
  }
  return boss;
}

const globalForBoss = globalThis as unknown as { hooklineBoss?: Promise<PgBoss> };

/** The web process's enqueue-only instance (one per process; survives Next.js dev reloads). */
export function webBoss(connectionString: string): Promise<PgBoss> {
  globalForBoss.hooklineBoss ??= startBoss(connectionString, "web", 4).catch((error: unknown) => {
    globalForBoss.hooklineBoss = undefined;
    throw error;
  });
  return globalForBoss.hooklineBoss;
}
