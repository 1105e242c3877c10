// Liveness with a real round trip to PostgreSQL, bounded so a hung database cannot hang the probe.
// The reason is a short category: the endpoint is public, so hosts, users and messages stay in logs.
import type { Db } from "../../db/client";
import type { HealthReport } from "./health.schemas";

export async function checkHealth(getDb: () => Db, timeoutMs = 2_000): Promise<HealthReport & { error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HealthTimeout(timeoutMs)), timeoutMs);
  });
  try {
    await Promise.race([getDb().$queryRaw`SELECT 1`, timeout]);
    return { status: "ok", db: "ok" };
  } catch (error) {
    return { status: "error", db: "unreachable", reason: describeFailure(error), error };
  } finally {
    clearTimeout(timer);
  }
}

class HealthTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

// Matched against the error's code, message and (Prisma driver adapter) cause kind.
const REASONS: Array<[RegExp, string]> = [
  [/28P01|28000|AuthenticationFailed|authentication failed/i, "authentication failed"],
  [/3D000|DatabaseDoesNotExist|does not exist/i, "database does not exist"],
  [/57P03|starting up|shutting down/i, "database is starting up or shutting down"],
  [/53300|TooManyConnections|too many/i, "too many connections"],
  [/DatabaseNotReachable|ECONNREFUSED|connection refused|Can't reach database server/i, "database not reachable"],
  [/ENOTFOUND|EAI_AGAIN/i, "database host not found"],
  [/timeout|timed out/i, "connection timed out"],
  [/DATABASE_URL is not set/, "DATABASE_URL is not set"],
];

export function describeFailure(error: unknown): string {
  if (error instanceof HealthTimeout) return error.message;
  const e = error as { code?: string; message?: string; meta?: unknown };
  const text = `${e?.code ?? ""} ${e?.message ?? String(error)} ${JSON.stringify(e?.meta ?? "")}`;
  return REASONS.find(([pattern]) => pattern.test(text))?.[1] ?? "database error (see the server log)";
}
