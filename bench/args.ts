// Command-line flags of `npm run bench`. Minimal on purpose: `--name <whole number>`, switches and
// `--only <scenario ids>`.
export type BenchConfig = {
  /** Length of each measured phase, in seconds. */
  durationS: number;
  /** Publishing time of each of the isolation scenario's two phases (longer: it needs a steady state). */
  isolationDurationS: number;
  workers: number;
  /** WORKER_CONCURRENCY of each worker process. */
  concurrency: number;
  /** Endpoints (all `*`) in the end-to-end scenario. */
  fanout: number;
  /** Events per second in the latency scenario. */
  rate: number;
  /** How long to wait for a scenario's backlog to drain after publishing stops. */
  drainTimeoutS: number;
  quick: boolean;
  /** Sample pg_stat_activity during the database scenarios and report the busiest statements. */
  sqlProfile: boolean;
  /** ANALYZE the database every few seconds, as autovacuum would have on a long-running installation. */
  analyze: boolean;
  /** Requests in flight in the raw ceiling (fixed: the brief compares against ~100). */
  rawInFlight: number;
  /** Publish calls in flight in the end-to-end scenario. */
  publishInFlight: number;
  /** Failed deliveries the replay scenario replays, and the replay's rate_per_second. */
  replayCount: number;
  replayRate: number;
  /** Events/s of the fresh stream to another endpoint during the replay scenario. */
  replayFreshRate: number;
  /** Deliveries the api_read scenario seeds (a tenth of them events, each fanned out to 10 endpoints). */
  readDeliveries: number;
  /** Sequential calls per measured read in the api_read scenario. */
  readCalls: number;
  /** Scenario ids to run (`--only`); undefined runs them all. Checked against the list in main. */
  only?: string[];
};

const NUMERIC_FLAGS = {
  "--duration": { key: "durationS", min: 1, max: 3_600 },
  "--isolation-duration": { key: "isolationDurationS", min: 4, max: 3_600 },
  "--workers": { key: "workers", min: 1, max: 32 },
  "--concurrency": { key: "concurrency", min: 1, max: 10_000 },
  "--fanout": { key: "fanout", min: 1, max: 1_000 },
  "--rate": { key: "rate", min: 1, max: 100_000 },
  "--drain-timeout": { key: "drainTimeoutS", min: 1, max: 3_600 },
  "--replay-count": { key: "replayCount", min: 10, max: 100_000 },
  "--replay-rate": { key: "replayRate", min: 1, max: 1_000 },
  "--replay-fresh-rate": { key: "replayFreshRate", min: 1, max: 10_000 },
  "--read-deliveries": { key: "readDeliveries", min: 1_000, max: 1_000_000 },
  "--read-calls": { key: "readCalls", min: 10, max: 100_000 },
} as const;

const SWITCHES = { "--quick": "quick", "--sql-profile": "sqlProfile", "--analyze": "analyze" } as const;

export const USAGE = `Usage: npm run bench -- [options]
  --duration <s>        seconds per measured phase (default 20; 5 with --quick)
  --isolation-duration <s>
                        seconds of publishing in each isolation phase (default 30; 10 with --quick)
  --workers <n>         worker processes (default 1)
  --concurrency <n>     WORKER_CONCURRENCY per worker (default 400)
  --fanout <n>          endpoints per event in the end-to-end scenario (default 10)
  --rate <n>            events/s in the latency scenario (default 500)
  --drain-timeout <s>   max wait for deliveries after publishing stops (default 120)
  --replay-count <n>    failed deliveries the replay scenario replays (default 3000; 1000 with --quick)
  --replay-rate <n>     the replay's rate_per_second (default 200)
  --replay-fresh-rate <n>
                        events/s to another endpoint before and during the replay (default 200)
  --read-deliveries <n> deliveries api_read seeds before reading (default 20000; 10000 with --quick)
  --read-calls <n>      calls per measured read in api_read (default 200; 50 with --quick)
  --quick               short phases for a smoke run
  --only <ids>          run only these scenarios, comma-separated: raw_ceiling, end_to_end, latency,
                        replay, api_read, isolation (e.g. --only replay,api-read)
  --sql-profile         sample pg_stat_activity and report the busiest statements
  --analyze             ANALYZE every 5 s during the database scenarios (a fresh database has no
                        planner statistics; autovacuum only looks every minute)
  --help                this text`;

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): BenchConfig | "help" {
  const given: Partial<Record<(typeof NUMERIC_FLAGS)[keyof typeof NUMERIC_FLAGS]["key"], number>> = {};
  const on = { quick: false, sqlProfile: false, analyze: false };
  let only: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--help" || flag === "-h") return "help";
    if (flag === "--only") {
      only = parseList(flag, argv[++i]);
      continue;
    }
    const name = SWITCHES[flag as keyof typeof SWITCHES];
    if (name) {
      on[name] = true;
      continue;
    }
    const spec = NUMERIC_FLAGS[flag as keyof typeof NUMERIC_FLAGS];
    if (!spec) throw new UsageError(`unknown option "${flag}"`);
    const text = argv[++i];
    const value = Number(text);
    if (text === undefined || !Number.isInteger(value) || value < spec.min || value > spec.max)
      throw new UsageError(`${flag} expects a whole number from ${spec.min} to ${spec.max}, got "${text ?? ""}"`);
    given[spec.key] = value;
  }
  return {
    durationS: given.durationS ?? (on.quick ? 5 : 20),
    isolationDurationS: given.isolationDurationS ?? (on.quick ? 10 : 30),
    workers: given.workers ?? 1,
    concurrency: given.concurrency ?? 400,
    fanout: given.fanout ?? 10,
    rate: given.rate ?? 500,
    drainTimeoutS: given.drainTimeoutS ?? 120,
    ...on,
    rawInFlight: 100,
    publishInFlight: 32,
    replayCount: given.replayCount ?? (on.quick ? 1_000 : 3_000),
    replayRate: given.replayRate ?? 200,
    replayFreshRate: given.replayFreshRate ?? 200,
    // 50,000 takes ~25 s more to seed than this: sized to keep the full bench within ~5 min.
    readDeliveries: given.readDeliveries ?? (on.quick ? 10_000 : 20_000),
    readCalls: given.readCalls ?? (on.quick ? 50 : 200),
    only,
  };
}

/** "end-to-end,latency" → ["end_to_end", "latency"]: ids as in the JSON report, dashes accepted. */
function parseList(flag: string, text: string | undefined): string[] {
  const items = (text ?? "").split(",").map((item) => item.trim().replaceAll("-", "_")).filter(Boolean);
  if (!items.length) throw new UsageError(`${flag} expects a comma-separated list of scenario ids, got "${text ?? ""}"`);
  return items;
}
