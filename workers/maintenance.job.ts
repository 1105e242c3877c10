// Scheduled upkeep. Today: keep time partitions created ahead for events and attempts.
import { ensurePartitions } from "../server/db/partitions";
import type { Logger } from "pino";

export const MAINTENANCE_CRON = "17 * * * *"; // hourly; creating a partition that exists is a no-op

export async function runMaintenance(databaseUrl: string, log: Logger, nowMs: number = Date.now()): Promise<void> {
  const partitions = await ensurePartitions(databaseUrl, nowMs);
  if (partitions.created.length) log.info({ created: partitions.created }, "created partitions");
  for (const failure of partitions.failed) log.error(failure, "could not create partition");
}
