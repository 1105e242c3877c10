// Makes the bench process stand in for the web process, so scenarios can call the real REST route
// handlers in-process (callRoute: a Request object in, the handler's Response out, no HTTP server):
// the handlers' shared Prisma client and enqueue-only pg-boss point at the bench database, and the
// per-API-key request limit (API_RATE_LIMIT_PER_SECOND/BURST, 50/s and a burst of 100 by default) is set
// out of reach, since the bench measures the routes, not the limiter.
import { db, requireDatabaseUrl } from "../server/db/client";
import { reloadEnv } from "../server/env";
import { webBoss } from "../server/jobs/boss";
import type { Cleanup } from "./cleanup";

export const BENCH_API_RATE_LIMIT = { perSecond: 1_000_000, burst: 10_000_000 } as const;

export async function actAsWebProcess(databaseUrl: string, cleanup: Cleanup): Promise<void> {
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    API_RATE_LIMIT_PER_SECOND: String(BENCH_API_RATE_LIMIT.perSecond),
    API_RATE_LIMIT_BURST: String(BENCH_API_RATE_LIMIT.burst),
  });
  reloadEnv();
  const client = db();
  cleanup.add("disconnect the route handlers' Prisma", () => client.$disconnect());
  const boss = await webBoss(requireDatabaseUrl());
  cleanup.add("stop the route handlers' pg-boss", () => boss.stop({ graceful: false }));
}
