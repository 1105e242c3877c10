// Scheduled upkeep: time partitions created ahead for events and attempts, planner statistics for
// the partitioned tables, and expired Idempotency-Keys removed.
import { ensurePartitions } from "../server/db/partitions";
import type { Logger } from "pino";
import type { Sql } from "../server/db/sql";

export const MAINTENANCE_CRON = "17 * * * *"; // hourly; creating a partition that exists is a no-op

export async function runMaintenance(databaseUrl: string, sql: Sql, log: Logger): Promise<void> {
  const created = await ensurePartitions(databaseUrl);
  if (created.length) log.info({ created }, "created partitions");
  // Autovacuum analyzes partitions but never the partitioned parents, whose statistics the planner
  // uses for joins through them.
  await sql.executeSql("ANALYZE events, attempts");
  await sql.executeSql("DELETE FROM idempotency_keys WHERE expires_at < now() - interval '1 hour'");
}
