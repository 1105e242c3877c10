// `npm run bench`: boots PostgreSQL, the real worker(s) and a loopback receiver, runs the scenarios
// (scenarios/index.ts) one after another on the same machine so their ratios mean something, and
// prints a table and a JSON document (stdout; JSON also to test-results/bench.json). Progress goes to
// stderr, so `npm run bench > out.txt` keeps the report clean.
import { env } from "../server/env";
import { type BenchConfig, parseArgs, USAGE, UsageError } from "./args";
import { createCleanup } from "./cleanup";
import { buildDocument, formatTable, machine, type ScenarioEntry, writeReport } from "./report";
import type { Scenario, ScenarioResult } from "./scenario";
import { selectScenarios } from "./scenarios/index";
import { startStack } from "./stack";

const log = (line: string) => void process.stderr.write(`${line}\n`);

type Plan = { config: BenchConfig; scenarios: Scenario[] };

function planFromArgs(): Plan | undefined {
  try {
    const parsed = parseArgs(process.argv.slice(2));
    if (parsed !== "help") return { config: parsed, scenarios: selectScenarios(parsed.only) };
    console.log(USAGE);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  }
  return undefined;
}

async function main({ config, scenarios }: Plan): Promise<number> {
  const startedAt = Date.now();
  const cleanup = createCleanup(log);
  const entries: ScenarioEntry[] = [];
  let failures = 0;
  try {
    const m = machine();
    log(`hookline bench: ${m.cpus} CPUs (${m.cpu_model}), node ${m.node}, ${config.durationS} s per phase, ${config.workers} worker(s)`);
    const stack = await startStack(config, env().DATABASE_URL, cleanup, log);
    const results = new Map<string, ScenarioResult>();
    for (const scenario of scenarios) {
      log(`── ${scenario.title} ──`);
      // One failing scenario should not cost the others' numbers: report it and carry on.
      const result = await scenario.run({ config, stack, results, log }).catch((error: unknown): ScenarioResult => {
        failures++;
        log(`[${scenario.title}] failed: ${(error as Error).stack ?? String(error)}`);
        return { rows: [{ metric: "ERROR", value: (error as Error).message }], json: { error: (error as Error).message } };
      });
      results.set(scenario.id, result);
      entries.push({ id: scenario.id, title: scenario.title, result });
    }
    const document = buildDocument({ config, database: stack.database, workers: stack.workers.length, startedAt, entries });
    process.stdout.write(`\n${formatTable(entries)}\n\n${JSON.stringify(document, null, 2)}\n`);
    log(`report written to ${await writeReport(document)}; the bench took ${Math.round((Date.now() - startedAt) / 1000)} s`);
  } finally {
    log("stopping workers and PostgreSQL…");
    await cleanup.run();
  }
  return failures ? 1 : 0;
}

const plan = planFromArgs();
if (plan) {
  const code = await main(plan).catch((error: unknown) => {
    log(`bench failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  });
  // pg-boss and undici keep timers alive for a while after close; the work is done, so leave now.
  process.exit(code);
}
