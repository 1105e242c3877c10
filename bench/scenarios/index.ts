// The scenarios, in the order they run. To add one (e.g. isolation: 100 endpoints, 30 black-holed,
// 10 answering 500), write a Scenario in this folder and append it here: it gets the shared stack
// (database, publisher deps, workers, receiver with per-path behaviours via setBehaviour) and earlier
// results through the context, and its rows and JSON join the report automatically. Give it its own
// tenant (createBenchTenant / runDeliveryPhase do) so its counts stay separate.
import type { Scenario } from "../scenario";
import { endToEnd } from "./end-to-end";
import { latency } from "./latency";
import { rawCeiling } from "./raw-ceiling";

export const SCENARIOS: readonly Scenario[] = [rawCeiling, endToEnd, latency];
