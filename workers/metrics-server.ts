// The worker's HTTP side: /healthz for supervisors and /metrics (Prometheus text) for scraping.
import http from "node:http";
import type { Registry } from "prom-client";

export type HealthCheck = () => Promise<{ ok: boolean; detail: Record<string, unknown> }>;

export function startMetricsServer(port: number, registry: Registry, health: HealthCheck): Promise<http.Server> {
  const server = http.createServer(async (request, response) => {
    try {
      if (request.url === "/healthz") {
        const result = await health();
        response.writeHead(result.ok ? 200 : 503, { "content-type": "application/json" });
        response.end(JSON.stringify({ status: result.ok ? "ok" : "error", ...result.detail }));
      } else if (request.url === "/metrics") {
        const body = await registry.metrics();
        response.writeHead(200, { "content-type": registry.contentType });
        response.end(body);
      } else {
        response.writeHead(404, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: "not found: try /healthz or /metrics" }));
      }
    } catch (error) {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ status: "error", reason: (error as Error).message }));
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`METRICS_PORT ${port} is already in use; set METRICS_PORT to a free port`) : error),
    );
    server.listen(port, () => resolve(server));
  });
}
