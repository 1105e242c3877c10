// GET /api/metrics — Prometheus text: the web process's counters plus the shared database gauges.
import { webMetrics } from "@/server/metrics/web-metrics";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const registry = webMetrics().registry;
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
