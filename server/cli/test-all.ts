// npm test — lint, typecheck, unit, integration, production build, E2E; every step runs even after a
// failure (except E2E after a failed build), then one line totals them: `N passed, N failed`.
// Lint, typecheck and build count as one check each; test runners count their tests.
import { spawn } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { childProcessEnv } from "../env";

type Counts = { passed: number; failed: number; skipped: number };
type Step = { name: string; command: string[]; report?: string; parse?: (json: unknown) => Counts; needs?: string };

const RESULTS = "test-results";
const STEPS: Step[] = [
  { name: "lint", command: ["eslint", "--max-warnings", "0", "."] },
  { name: "typecheck", command: ["tsc", "--noEmit"] },
  { name: "unit", command: vitest("unit"), report: `${RESULTS}/unit.json`, parse: vitestCounts },
  { name: "integration", command: vitest("integration"), report: `${RESULTS}/integration.json`, parse: vitestCounts },
  { name: "build", command: ["next", "build"] },
  { name: "e2e", command: ["playwright", "test"], report: `${RESULTS}/e2e-report.json`, parse: playwrightCounts, needs: "build" },
];

function vitest(project: string): string[] {
  return ["vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${RESULTS}/${project}.json`];
}

function vitestCounts(json: unknown): Counts {
  const report = json as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
}

function playwrightCounts(json: unknown): Counts {
  const { stats } = json as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

function run(command: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: "inherit", env: childProcessEnv({ NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" }) });
    child.once("exit", (code) => resolve(code ?? 1));
    child.once("error", () => resolve(127));
  });
}

async function countsOf(step: Step, exitCode: number): Promise<Counts> {
  const fromExit = { passed: exitCode === 0 ? 1 : 0, failed: exitCode === 0 ? 0 : 1, skipped: 0 };
  if (!step.report || !step.parse) return fromExit;
  try {
    const counts = step.parse(JSON.parse(await readFile(step.report, "utf8")));
    // A runner that crashed after writing a clean report still failed.
    return exitCode !== 0 && counts.failed === 0 ? { ...counts, failed: 1 } : counts;
  } catch {
    return fromExit;
  }
}

await mkdir(RESULTS, { recursive: true });
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const summary: string[] = [];
const failedSteps = new Set<string>();
for (const step of STEPS) {
  if (step.needs && failedSteps.has(step.needs)) {
    summary.push(`${step.name.padEnd(12)} not run (${step.needs} failed)`);
    total.failed += 1;
    continue;
  }
  if (step.report) await rm(step.report, { force: true });
  console.log(`\n=== ${step.name}: ${step.command.join(" ")}`);
  const started = Date.now();
  const counts = await countsOf(step, await run(step.command));
  if (counts.failed > 0) failedSteps.add(step.name);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  summary.push(`${step.name.padEnd(12)} ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""} (${seconds} s)`);
}
const totals = `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`;
console.log(`\n=== summary\n${summary.join("\n")}\n`);
console.log(totals);
await writeFile(`${RESULTS}/totals.txt`, `${totals}\n`); // .ci/run repeats it as its very last line
process.exitCode = total.failed > 0 ? 1 : 0;
