// Integration tests: one real PostgreSQL for the whole run — DATABASE_URL's server when set, else a
// throwaway embedded cluster — plus a migrated template database that each test file clones.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { adminQuery, withDatabase } from "../db/admin";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrate } from "../db/migrate";
import { env } from "../env";
import { freePort } from "./free-port";

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string; // any database on the test server, for admin statements
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = env().DATABASE_URL;
  let stopServer = async () => undefined as void;
  let serverUrl: string;
  if (external) {
    serverUrl = external;
  } else {
    const dataDir = await mkdtemp(path.join(tmpdir(), "hookline-test-"));
    const handle = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: randomBytes(16).toString("hex"), ephemeral: true });
    serverUrl = handle.urlFor("postgres");
    stopServer = async () => {
      await handle.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const templateDatabase = `hookline_template_${randomBytes(4).toString("hex")}`;
  const teardown = async () => {
    await dropDatabases(serverUrl, templateDatabase);
    await stopServer();
  };
  try {
    await adminQuery(serverUrl, `CREATE DATABASE "${templateDatabase}"`);
    await migrate(withDatabase(serverUrl, templateDatabase));
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide("serverUrl", serverUrl);
  project.provide("templateDatabase", templateDatabase);
  return teardown;
}


/** The template and any per-file databases cloned from it (left behind by a crashed run, too). */
async function dropDatabases(serverUrl: string, templateDatabase: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const suffix = templateDatabase.replace("hookline_template_", "");
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [templateDatabase, `hookline_test_${suffix}_%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
