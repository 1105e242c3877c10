// Once a second while a phase runs: poll the delivered count, keep it as a sample, and print one
// progress line to stderr (the scenario adds its own fields, e.g. published so far).
import type { CpuMonitor, CpuTotals } from "./cpu-monitor";
import { cpuBetween, formatCpu } from "./cpu-monitor";
import { formatNumber, sleep } from "./scenario";
import type { Sample } from "./stats";

export type Tracker = { samples: Sample[]; stop(): Promise<void> };

export type TrackOptions = {
  label: string;
  /** The counter to sample (delivered deliveries, requests answered, …) and its name in the line. */
  read: () => Promise<number>;
  counter: string;
  /** Extra fields for the progress line. */
  fields?: () => Record<string, number | string>;
  log: (line: string) => void;
  cpu?: CpuMonitor;
};

export function track(options: TrackOptions): Tracker {
  const samples: Sample[] = [];
  const startedAt = Date.now();
  let lastCpu: CpuTotals | undefined = options.cpu?.read();
  let running = true;
  const tick = async () => {
    const at = Date.now();
    const value = await options.read();
    const previous = samples[samples.length - 1];
    samples.push({ at, value });
    const rate = previous ? ((value - previous.value) * 1000) / Math.max(1, at - previous.at) : 0;
    const cpuNow = options.cpu?.read();
    // Over less than half a second the tick counts (10 ms each) are too coarse to mean anything.
    const cpu = cpuNow && lastCpu && cpuNow.at - lastCpu.at >= 500 ? ` | cpu ${formatCpu(cpuBetween(lastCpu, cpuNow))}` : "";
    lastCpu = cpuNow;
    const extra = Object.entries(options.fields?.() ?? {}).map(([key, v]) => `${key} ${typeof v === "number" ? formatNumber(v) : v}`);
    const parts = [`t=${Math.round((at - startedAt) / 1000)}s`, ...extra, `${options.counter} ${formatNumber(value)}`, `${formatNumber(rate)}/s`];
    options.log(`[${options.label}] ${parts.join("  ")}${cpu}`);
  };
  const loop = (async () => {
    while (running) {
      const next = Date.now() + 1000;
      await tick().catch((error: unknown) => options.log(`[${options.label}] progress poll failed: ${(error as Error).message}`));
      await sleep(Math.max(0, next - Date.now()));
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await loop;
      await tick().catch(() => undefined); // a final sample at the end of the phase
    },
  };
}

/** Resolves true once `read` reaches `target`, false after the timeout (the tracker keeps printing). */
export async function waitUntil(read: () => Promise<number>, target: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await read()) >= target) return true;
    await sleep(250);
  }
  return (await read()) >= target;
}
