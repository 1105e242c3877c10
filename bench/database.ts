// The bench's own database: a throwaway embedded cluster by default, or a fresh database on the
// DATABASE_URL server (dropped afterwards) when one is configured. Never an existing database: the
// scenarios count rows, so someone else's data would skew them.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { adminQuery, withDatabase } from "../server/db/admin";
import { startEmbeddedPostgres } from "../server/db/embedded";
import { migrate } from "../server/db/migrate";
import { freePort } from "../server/testing/free-port";
import type { Cleanup } from "./cleanup";

export type BenchDatabase = {
  url: string;
  kind: "embedded" | "external";
  /** The postmaster's pid when it runs on this machine under our control (for CPU accounting). */
  postmasterPid?: number;
};

export async function startBenchDatabase(externalUrl: string | undefined, cleanup: Cleanup): Promise<BenchDatabase> {
  const database = externalUrl ? await createExternal(externalUrl, cleanup) : await createEmbedded(cleanup);
  await migrate(database.url);
  return database;
}

async function createEmbedded(cleanup: Cleanup): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "hookline-bench-"));
  cleanup.add("remove the data directory", () => rm(dataDir, { recursive: true, force: true }));
  const handle = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: randomBytes(16).toString("hex"), ephemeral: true });
  cleanup.add("stop PostgreSQL", () => handle.stop());
  return { url: handle.url, kind: "embedded", postmasterPid: await postmasterPid(dataDir) };
}

/** First line of postmaster.pid; readable by us (as root, or as the same user that runs it). */
async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(path.join(dataDir, "pg", "postmaster.pid"), "utf8").catch(() => "");
  return Number(text.split("\n", 1)[0]) || undefined;
}

async function createExternal(serverUrl: string, cleanup: Cleanup): Promise<BenchDatabase> {
  const name = `hookline_bench_${randomBytes(4).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  cleanup.add("drop the bench database", () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  return { url: withDatabase(serverUrl, name), kind: "external" };
}


