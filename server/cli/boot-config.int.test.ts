// A bad configuration stops each entry point at boot with a message naming the variable.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { childProcessEnv } from "../env";

const ENTRY_POINTS = ["server/cli/start.ts", "server/cli/migrate.ts", "workers/main.ts"];

describe.each(ENTRY_POINTS)("%s", (entry) => {
  it("refuses RETRY_SCHEDULE=soon with the expected form", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", entry], {
      env: childProcessEnv({ RETRY_SCHEDULE: "soon", DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" }),
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('RETRY_SCHEDULE: expected a comma-separated list of durations like "5s,5m,30m"');
    expect(result.stderr).toContain('got "soon"');
  });
});
