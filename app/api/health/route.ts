// GET /api/health — liveness plus a real database round trip; 503 with the reason when unreachable.
import { db } from "../../../server/db/client";
import { checkHealth } from "../../../server/modules/health/health.service";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const report = await checkHealth(db());
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
