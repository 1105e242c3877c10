// Opt-in (--analyze): ANALYZE the database every few seconds while a scenario runs. The bench starts
// from an empty database whose tables have never been analyzed, and autovacuum only checks once a
// minute, so without this the planner works from "empty table" estimates for the whole run; a
// long-running installation has statistics. Running the bench with and without the flag shows how
// much the engine's queries depend on them.
import type pg from "pg";
import { sleep } from "./scenario";

const INTERVAL_MS = 5_000;

export type Analyzer = { stop(): Promise<number> };

export function startAnalyzer(probe: pg.Pool, log: (line: string) => void): Analyzer {
  let running = true;
  let runs = 0;
  const loop = (async () => {
    while (running) {
      await probe.query("ANALYZE").then(
        () => runs++,
        (error: unknown) => log(`ANALYZE failed: ${(error as Error).message}`),
      );
      for (let waited = 0; running && waited < INTERVAL_MS; waited += 100) await sleep(100);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return runs;
    },
  };
}
