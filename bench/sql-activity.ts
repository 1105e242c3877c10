// Opt-in (--sql-profile) sampling profiler for PostgreSQL: every 100 ms, which statements are active
// (or which sessions sit idle inside a transaction), by application. When PostgreSQL is the busiest
// process, this names the statements to look at first. The sampling itself costs PostgreSQL ~10 tiny
// queries a second.
import type pg from "pg";
import { sleep } from "./scenario";

export type ActivityLine = { application: string; state: string; wait: string; query: string; average_active: number };
export type SqlProfiler = { stop(): Promise<ActivityLine[]> };

const INTERVAL_MS = 100;
const TOP = 12;

const SAMPLE = `
  SELECT application_name, state, coalesce(wait_event_type || ':' || wait_event, 'cpu') AS wait,
         left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
    FROM pg_stat_activity
   WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'
     AND state IN ('active', 'idle in transaction') AND application_name <> 'hookline-bench-probe'`;

type Row = { application_name: string; state: string; wait: string; query: string };

export function startSqlProfiler(probe: pg.Pool): SqlProfiler {
  const tally = new Map<string, ActivityLine & { hits: number }>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await probe.query<Row>(SAMPLE).catch(() => ({ rows: [] as Row[] }));
      samples++;
      for (const row of rows) {
        // An idle-in-transaction session's query is the last one it ran; the state is what matters.
        const key = `${row.application_name}|${row.state}|${row.wait}|${row.query}`;
        const line = tally.get(key) ?? { application: row.application_name, state: row.state, wait: row.wait, query: row.query, average_active: 0, hits: 0 };
        line.hits++;
        tally.set(key, line);
      }
      await sleep(INTERVAL_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...tally.values()]
        .sort((a, b) => b.hits - a.hits)
        .slice(0, TOP)
        .map(({ hits, ...line }) => ({ ...line, average_active: Math.round((100 * hits) / Math.max(1, samples)) / 100 }));
    },
  };
}
