// Liveness with a real round trip to PostgreSQL, bounded so a hung database cannot hang the probe.
import type { Db } from "../../db/client";

export type HealthReport = { status: "ok"; db: "ok" } | { status: "error"; db: "unreachable"; reason: string };

export async function checkHealth(db: Db, timeoutMs = 2_000): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
    return { status: "ok", db: "ok" };
  } catch (error) {
    return { status: "error", db: "unreachable", reason: firstLine(error) };
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n").find((line) => line.trim() !== "")?.trim() ?? "unknown error";
}
