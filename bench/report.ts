// The report: an aligned table for people and a JSON document for machines (stdout and
// test-results/bench.json).
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BenchConfig } from "./args";
import type { BenchDatabase } from "./database";
import type { ScenarioResult } from "./scenario";

export const REPORT_PATH = path.resolve(import.meta.dirname, "../test-results/bench.json");

export type ScenarioEntry = { id: string; title: string; result: ScenarioResult };

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model.trim() ?? "unknown",
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function buildDocument(options: { config: BenchConfig; database: BenchDatabase; workers: number; startedAt: number; entries: ScenarioEntry[] }) {
  return {
    machine: machine(),
    config: {
      duration_s: options.config.durationS,
      isolation_duration_s: options.config.isolationDurationS,
      only: options.config.only ?? null,
      quick: options.config.quick,
      sql_profile: options.config.sqlProfile,
      analyze_every_5s: options.config.analyze,
      workers: options.workers,
      worker_concurrency: options.config.concurrency,
      fanout: options.config.fanout,
      latency_rate_per_second: options.config.rate,
      drain_timeout_s: options.config.drainTimeoutS,
      raw_in_flight: options.config.rawInFlight,
      publish_in_flight: options.config.publishInFlight,
      replay_count: options.config.replayCount,
      replay_rate_per_second: options.config.replayRate,
      replay_fresh_rate_per_second: options.config.replayFreshRate,
      read_deliveries: options.config.readDeliveries,
      read_calls: options.config.readCalls,
      database: options.database.kind,
      publish_path: "publishEvent(), the service POST /api/v1/events calls after JSON parsing and auth (no HTTP hop)",
    },
    started_at: new Date(options.startedAt).toISOString(),
    total_seconds: Math.round((Date.now() - options.startedAt) / 1000),
    scenarios: Object.fromEntries(options.entries.map((e) => [e.id, e.result.json])),
  };
}

export function formatTable(entries: ScenarioEntry[]): string {
  const lines = entries.flatMap((e) => e.result.rows.map((row) => [e.title, row.metric, row.value, row.note ?? ""] as const));
  const header = ["scenario", "metric", "value", ""] as const;
  const width = (column: 0 | 1 | 2) => Math.max(header[column].length, ...lines.map((line) => line[column].length));
  const [w0, w1, w2] = [width(0), width(1), width(2)];
  const format = (line: readonly [string, string, string, string]) =>
    `${line[0].padEnd(w0)}  ${line[1].padEnd(w1)}  ${line[2].padStart(w2)}  ${line[3]}`.trimEnd();
  return [format(header), ...lines.map(format)].join("\n");
}

export async function writeReport(document: unknown): Promise<string> {
  await mkdir(path.dirname(REPORT_PATH), { recursive: true });
  await writeFile(REPORT_PATH, `${JSON.stringify(document, null, 2)}\n`);
  return REPORT_PATH;
}
