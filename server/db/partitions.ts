// Monthly RANGE partitions for the id-partitioned tables (events, attempts). Created ahead of time so
// rows never land in the DEFAULT partition; retention later detaches and drops whole months.
import pg from "pg";
import { idLowerBound, type IdPrefix } from "../lib/ids";

export const PARTITIONED_TABLES: ReadonlyArray<{ table: string; prefix: IdPrefix }> = [
  { table: "events", prefix: "evt" },
  { table: "attempts", prefix: "att" },
];

const PARTITIONS_LOCK_KEY = 72707370;

export type MonthlyPartition = { table: string; name: string; from: string; to: string };

function monthStart(year: number, month: number): number {
  return Date.UTC(year, month, 1);
}

/** The partitions covering the month of `nowMs`, `monthsBack` before it and `monthsAhead` after. Pure. */
export function plannedPartitions(nowMs: number, monthsBack = 1, monthsAhead = 2): MonthlyPartition[] {
  const now = new Date(nowMs);
  const planned: MonthlyPartition[] = [];
  for (const { table, prefix } of PARTITIONED_TABLES) {
    for (let offset = -monthsBack; offset <= monthsAhead; offset++) {
      const start = new Date(monthStart(now.getUTCFullYear(), now.getUTCMonth() + offset));
      const label = `${start.getUTCFullYear()}${String(start.getUTCMonth() + 1).padStart(2, "0")}`;
      planned.push({
        table,
        name: `${table}_p${label}`,
        from: idLowerBound(prefix, start.getTime()),
        to: idLowerBound(prefix, monthStart(start.getUTCFullYear(), start.getUTCMonth() + 1)),
      });
    }
  }
  return planned;
}

export type EnsureResult = { created: string[]; failed: Array<{ name: string; error: string }> };

/** Creates missing partitions. One that cannot be created (rows for it already in DEFAULT) is reported, not fatal. */
export async function ensurePartitions(databaseUrl: string, nowMs: number): Promise<EnsureResult> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "hookline-partitions" });
  await client.connect();
  const result: EnsureResult = { created: [], failed: [] };
  try {
    // Serialize with other processes doing the same at boot.
    await client.query("SELECT pg_advisory_lock($1)", [PARTITIONS_LOCK_KEY]);
    const { rows } = await client.query<{ relname: string }>(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = ANY($1)`,
      [PARTITIONED_TABLES.map((t) => t.table)],
    );
    const existing = new Set(rows.map((row) => row.relname));
    for (const partition of plannedPartitions(nowMs)) {
      if (existing.has(partition.name)) continue;
      try {
        await client.query(
          `CREATE TABLE IF NOT EXISTS "${partition.name}" PARTITION OF "${partition.table}"
           FOR VALUES FROM ('${partition.from}') TO ('${partition.to}')`,
        );
        result.created.push(partition.name);
      } catch (error) {
        result.failed.push({ name: partition.name, error: (error as Error).message });
      }
    }
    return result;
  } finally {
    await client.end();
  }
}
