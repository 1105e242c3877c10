// A private database per test file, cloned from the migrated template (fast: a file copy, no DDL).
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDb, type Db } from "../db/client";
import { reloadEnv } from "../env";
import { adminQuery, withDatabase } from "../db/admin";

export type TestDatabase = { url: string; name: string; db: Db; drop(): Promise<void> };

/** Named after the run's template so the run's teardown drops it even if a file forgot to. */
function uniqueDatabaseName(template: string): string {
  return `hookline_test_${template.replace("hookline_template_", "")}_${randomBytes(4).toString("hex")}`;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject("serverUrl");
  const template = inject("templateDatabase");
  const name = uniqueDatabaseName(template);
  await adminQuery(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = withDatabase(serverUrl, name);
  const db = createDb(url, 5);
  return {
    url,
    name,
    db,
    async drop() {
      await db.$disconnect();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** An empty database (no migrations), for tests of the migration runner itself. */
/**
 * Makes this test process's shared clients (route handlers, services) use the database, as the web
 * process would with DATABASE_URL set. Extra variables (e.g. HOOKLINE_ALLOW_PRIVATE_TARGETS) too.
 */
export function useAsProcessDatabase(database: TestDatabase, extraEnv: Record<string, string> = {}): void {
  // eslint-disable-next-line no-restricted-properties -- tests stand in for the web process's environment
  Object.assign(process.env, { DATABASE_URL: database.url, ...extraEnv });
  reloadEnv();
  (globalThis as { hooklineDb?: Db }).hooklineDb = database.db;
}

export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = inject("serverUrl");
  const name = uniqueDatabaseName(inject("templateDatabase"));
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  return { url: withDatabase(serverUrl, name), drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
