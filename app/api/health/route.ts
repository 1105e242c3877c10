// GET /api/health — liveness plus a real database round trip; 503 with the reason when unreachable.
import { db } from "../../../server/db/client";
import { createLogger } from "../../../server/logger";
import { checkHealth } from "../../../server/modules/health/health.service";

export const dynamic = "force-dynamic";
const log = createLogger("web");

export async function GET(): Promise<Response> {
  const { error, ...report } = await checkHealth(db);
  if (error) log.warn({ err: error }, "health check failed");
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
