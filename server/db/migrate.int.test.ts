// The migration runner against a real PostgreSQL: order, bookkeeping, concurrency, tamper detection.
import { spawn } from "node:child_process";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createEmptyDatabase } from "../testing/test-database";
import { migrate, readMigrations, type Migration } from "./migrate";
import { childProcessEnv } from "../env";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function emptyDatabase(): Promise<string> {
  const database = await createEmptyDatabase();
  cleanups.push(database.drop);
  return database.url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migration(name: string, sql: string): Migration {
  return { name, sql, checksum: name + sql.length };
}

/** `npm run db:migrate` as its own process, exactly as npm start runs it. */
function migrateProcess(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/cli/migrate.ts"], {
      env: childProcessEnv({ DATABASE_URL: databaseUrl }),
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("migrate", () => {
  it("applies every migration once and records it like Prisma Migrate", async () => {
    const url = await emptyDatabase();
    const all = await readMigrations();
    expect((await migrate(url)).applied).toEqual(all.map((m) => m.name));
    expect(await migrate(url)).toEqual({ applied: [], alreadyApplied: all.map((m) => m.name), unknown: [] });
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(all.map((m) => [m.name, m.checksum, 1]));
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
  });

  it("lets two processes started together on an empty database both succeed, applying each migration once", async () => {
    const url = await emptyDatabase();
    const [first, second] = await Promise.all([migrateProcess(url), migrateProcess(url)]);
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);
    const counts = await query<{ migration_name: string; n: number }>(
      url,
      `SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name`,
    );
    expect(counts.map((c) => c.n)).toEqual((await readMigrations()).map(() => 1));
    expect([first.output, second.output].filter((o) => o.includes("applied 2026")).length).toBe(1);
  });

  it("reports migrations the database has but this checkout lacks", async () => {
    const url = await emptyDatabase();
    await migrate(url, [migration("20260101000000_a", "SELECT 1"), migration("20260102000000_b", "SELECT 2")]);
    expect(await migrate(url, [migration("20260101000000_a", "SELECT 1")])).toEqual({
      applied: [],
      alreadyApplied: ["20260101000000_a"],
      unknown: ["20260102000000_b"],
    });
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const url = await emptyDatabase();
    await migrate(url, [migration("20260101000000_a", "CREATE TABLE a (id int)")]);
    await expect(migrate(url, [migration("20260101000000_a", "CREATE TABLE a (id bigint)")])).rejects.toThrow(
      /20260101000000_a was changed after it was applied/,
    );
  });

  it("rolls a failing migration back whole and records nothing for it", async () => {
    const url = await emptyDatabase();
    const broken = migration("20260101000001_b", "CREATE TABLE b (id int); SELECT * FROM no_such_table;");
    await expect(migrate(url, [migration("20260101000000_a", "CREATE TABLE a (id int)"), broken])).rejects.toThrow(
      /20260101000001_b failed and was rolled back: relation "no_such_table" does not exist/,
    );
    const tables = await query<{ relname: string }>(url, `SELECT relname FROM pg_class WHERE relname IN ('a', 'b')`);
    expect(tables.map((t) => t.relname)).toEqual(["a"]);
    const recorded = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.map((r) => r.migration_name)).toEqual(["20260101000000_a"]);
  });
});
