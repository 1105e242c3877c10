// Opens the database the CLI commands work on: DATABASE_URL when set, otherwise embedded PostgreSQL
// under the data directory. Then brings its schema up to date.
import { startEmbeddedPostgres } from "../db/embedded";
import { embeddedDatabasePassword } from "../dev-secrets";
import { migrate } from "../db/migrate";
import { ensurePartitions } from "../db/partitions";
import type { Env } from "../env";
import { redactDatabaseUrl } from "../logger";

export type OpenDatabase = { url: string; embedded: boolean; stop(): Promise<void> };

export async function openDatabase(config: Env, say: (line: string) => void): Promise<OpenDatabase> {
  if (config.DATABASE_URL) {
    say(`database: ${redactDatabaseUrl(config.DATABASE_URL)}`);
    return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  const handle = await startEmbeddedPostgres({
    dataDir: config.HOOKLINE_DATA_DIR,
    port: config.EMBEDDED_PG_PORT,
    password: await embeddedDatabasePassword(config.HOOKLINE_DATA_DIR),
    log: say,
  });
  say(`database: embedded PostgreSQL on 127.0.0.1:${handle.port}, data in ${config.HOOKLINE_DATA_DIR}/pg`);
  return { url: handle.url, embedded: true, stop: handle.stop };
}

export async function prepareSchema(url: string, say: (line: string) => void): Promise<void> {
  const result = await migrate(url);
  say(
    result.applied.length
      ? `migrations: applied ${result.applied.join(", ")}`
      : `migrations: up to date (${result.alreadyApplied.length} applied)`,
  );
  if (result.unknown.length) {
    say(`warning: the database has migrations this checkout does not: ${result.unknown.join(", ")} (is this code older than the database?)`);
  }
  const created = await ensurePartitions(url);
  if (created.length) say(`partitions: created ${created.join(", ")}`);
}
