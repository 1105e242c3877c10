// The worker as a real process against a real database: readiness, /healthz, /metrics, SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../server/testing/free-port";
import { createTestDatabase, type TestDatabase } from "../server/testing/test-database";
import { QUEUE } from "../server/jobs/queues";
import { childProcessEnv } from "../server/env";

let database: TestDatabase;
let worker: ChildProcess;
let port: number;
let output = "";

async function waitFor(url: string, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url).catch(() => undefined);
    if (response?.ok) return response;
    if (Date.now() > deadline) throw new Error(`${url} not ready; worker output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  port = await freePort();
  worker = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    env: childProcessEnv({ DATABASE_URL: database.url, METRICS_PORT: String(port), LOG_LEVEL: "info" }),
  });
  worker.stdout!.on("data", (chunk) => (output += chunk));
  worker.stderr!.on("data", (chunk) => (output += chunk));
});
afterAll(async () => {
  if (worker.exitCode === null) worker.kill("SIGKILL");
  await database.drop();
});

describe("worker process", () => {
  it("logs readiness and answers /healthz", async () => {
    const response = await waitFor(`http://127.0.0.1:${port}/healthz`);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
    const ready = output.split("\n").filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.msg === "worker ready");
    expect(ready).toMatchObject({ name: "worker", queues: Object.values(QUEUE) });
  });

  it("created its queues in the pgboss schema", async () => {
    const rows = await database.db.$queryRaw<Array<{ name: string }>>`SELECT name FROM pgboss.queue ORDER BY name`;
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(Object.values(QUEUE)));
  });

  it("serves Prometheus text on /metrics", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const body = await response.text();
    expect(body).toContain('hookline_queue_jobs{queue="deliver",state="ready"} 0');
    expect(body).toContain("hookline_worker_process_cpu_seconds_total");
  });

  it("exits 0 on SIGTERM after stopping cleanly", async () => {
    const exited = new Promise<number | null>((resolve) => worker.once("exit", resolve));
    worker.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"worker stopped"');
  });
});
