// Scheduled upkeep. Today: keep time partitions created ahead for events and attempts.
import { ensurePartitions } from "../server/db/partitions";
import type { Logger } from "pino";

export const MAINTENANCE_CRON = "17 * * * *"; // hourly; creating a partition that exists is a no-op

export async function runMaintenance(databaseUrl: string, log: Logger): Promise<void> {
  const created = await ensurePartitions(databaseUrl);
  if (created.length) log.info({ created }, "created partitions");
}
