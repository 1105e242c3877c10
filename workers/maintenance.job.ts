// Scheduled upkeep: time partitions created ahead for events and attempts, planner statistics for
// the partitioned tables, expired Idempotency-Keys removed, and endpoint stats older than the health
// API reads (24 h, kept 48 h) pruned.
import { ensurePartitions } from "../server/db/partitions";
import type { Logger } from "pino";
import type { Sql } from "../server/db/sql";
import { deleteOldEndpointStats } from "../server/modules/endpoints/endpoint-stats.repo";

export const MAINTENANCE_CRON = "17 * * * *"; // hourly; creating a partition that exists is a no-op

const ENDPOINT_STATS_RETENTION_MS = 48 * 3600_000;

export async function runMaintenance(databaseUrl: string, sql: Sql, log: Logger): Promise<void> {
  const created = await ensurePartitions(databaseUrl);
  if (created.length) log.info({ created }, "created partitions");
  // Autovacuum analyzes partitions but never the partitioned parents, whose statistics the planner
  // uses for joins through them.
  await sql.executeSql("ANALYZE events, attempts");
  await sql.executeSql("DELETE FROM idempotency_keys WHERE expires_at < now() - interval '1 hour'");
  const statsDeleted = await deleteOldEndpointStats(sql, new Date(Date.now() - ENDPOINT_STATS_RETENTION_MS));
  if (statsDeleted) log.debug({ statsDeleted }, "pruned endpoint stats");
}
