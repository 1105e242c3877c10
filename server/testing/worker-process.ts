// The real worker (workers/main.ts) as a child process, for tests and the bench: start, wait until
// healthy, stop with a signal or kill -9.
import { spawn, type ChildProcess } from "node:child_process";
import { childProcessEnv } from "../env";
import { freePort } from "./free-port";

export type WorkerProcess = {
  process: ChildProcess;
  metricsUrl: string;
  output: () => string;
  /** SIGTERM (graceful) or SIGKILL; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    env: childProcessEnv({ LOG_LEVEL: "warn", ...env, METRICS_PORT: String(port) }),
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const worker: WorkerProcess = {
    process: child,
    metricsUrl: `http://127.0.0.1:${port}/metrics`,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (healthy) return worker;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not become healthy:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
