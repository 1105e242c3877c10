// Monthly RANGE partitions of the id-partitioned tables (events, attempts). The logic lives in SQL
// (hookline_ensure_partitions, created by the init migration) so every way of migrating agrees;
// this is the application's handle on it.
import pg from "pg";

/** Creates missing partitions around `at` (default: the database's now). Returns the names created. */
export async function ensurePartitions(databaseUrl: string, at?: Date): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "hookline-partitions" });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT name FROM hookline_ensure_partitions(coalesce($1::timestamptz, now())) AS name`,
      [at ?? null],
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}
