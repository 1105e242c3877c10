// What a scenario is: a named measurement over the shared stack, returning table rows for people and
// a JSON object for machines. Scenarios run in list order (scenarios/index.ts) and may read earlier
// results, e.g. to express a throughput as a fraction of the raw ceiling.
import type { BenchConfig } from "./args";
import type { Stack } from "./stack";

export type Row = { metric: string; value: string; note?: string };
export type ScenarioResult = { rows: Row[]; json: Record<string, unknown> };

export type BenchContext = {
  config: BenchConfig;
  stack: Stack;
  /** Results of the scenarios that already ran, by id. */
  results: ReadonlyMap<string, ScenarioResult>;
  /** Progress and diagnostics for the person watching (stderr). */
  log(line: string): void;
};

export type Scenario = {
  /** Key in the JSON report. */
  id: string;
  /** Label in the table. */
  title: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
};

const integerFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** 12345.6 → "12,346"; small values keep one decimal. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  return Math.abs(value) >= 100 ? integerFormat.format(value) : decimalFormat.format(value);
}

export const formatMs = (value: number): string => `${formatNumber(value)} ms`;

/** The raw ceiling's requests/s, when that scenario ran before this one. */
export function rawCeiling(results: ReadonlyMap<string, ScenarioResult>): number | undefined {
  const value = results.get("raw_ceiling")?.json.requests_per_second;
  return typeof value === "number" && value > 0 ? value : undefined;
}

/** "(0.24 × raw)" next to a throughput, or nothing without a ceiling to compare with. */
export function ratioNote(value: number, ceiling: number | undefined): string | undefined {
  return ceiling ? `(${(value / ceiling).toFixed(2)} × raw)` : undefined;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Total busy CPU as the value, who was busy as the note (all in % of one core). */
export function cpuRow(label: string, cpu: Record<string, number> | undefined): Row[] {
  if (!cpu) return [];
  const total = Object.values(cpu).reduce((sum, percent) => sum + percent, 0);
  const parts = Object.entries(cpu).map(([group, percent]) => `${group} ${percent}`);
  return [{ metric: `cpu ${label}`, value: `${total}%`, note: `(${parts.join(" · ")}; % of one core)` }];
}
