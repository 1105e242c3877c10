// The scenarios, in the order they run. To add one, write a Scenario in this folder and append it
// here: it gets the shared stack (database, publisher deps, workers, receiver with per-path behaviours
// via setBehaviour; a scenario may start receivers of its own, as isolation does) and earlier results
// through the context, and its rows and JSON join the report automatically. Give it its own tenant
// (createBenchTenant / runDeliveryPhase do) so its counts stay separate. Isolation runs last: its
// failing deliveries keep retrying after it ends, which would load any scenario after it. Replay and
// api_read call REST route handlers in-process (the stack sets the process up as the web process).
import { UsageError } from "../args";
import type { Scenario } from "../scenario";
import { apiRead } from "./api-read";
import { endToEnd } from "./end-to-end";
import { isolation } from "./isolation";
import { latency } from "./latency";
import { rawCeiling } from "./raw-ceiling";
import { replay } from "./replay";

export const SCENARIOS: readonly Scenario[] = [rawCeiling, endToEnd, latency, replay, apiRead, isolation];

/** The scenarios `--only` names (all without it), always in run order. */
export function selectScenarios(only: readonly string[] | undefined): Scenario[] {
  if (!only) return [...SCENARIOS];
  const unknown = only.filter((id) => !SCENARIOS.some((scenario) => scenario.id === id));
  if (unknown.length) throw new UsageError(`--only: unknown scenario "${unknown.join(", ")}"; the scenarios are ${SCENARIOS.map((s) => s.id).join(", ")}`);
  return SCENARIOS.filter((scenario) => only.includes(scenario.id));
}
