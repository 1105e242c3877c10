import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.RETRY_SCHEDULE).toEqual([5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 504e5, 72e6, 864e5]);
    expect(env.RETRY_JITTER).toBe(0.2);
    expect(env.DELIVERY_TIMEOUT_MS).toBe(15_000);
    expect(env.HOOKLINE_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(env.CIRCUIT_COOLDOWN).toBe(30_000);
    expect(env.RECOVERY_RAMP_TAU).toBe(300_000);
    expect(env.ENDPOINT_DISABLE_AFTER).toBe(5 * 86_400_000);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("parses suffixed durations and lists", () => {
    const env = parseEnv({ RETRY_SCHEDULE: "1s,2s,5s", CIRCUIT_COOLDOWN: "250ms", ENDPOINT_DISABLE_AFTER: "2h", HOOKLINE_ALLOW_PRIVATE_TARGETS: "1" });
    expect(env.RETRY_SCHEDULE).toEqual([1_000, 2_000, 5_000]);
    expect(env.CIRCUIT_COOLDOWN).toBe(250);
    expect(env.ENDPOINT_DISABLE_AFTER).toBe(7_200_000);
    expect(env.HOOKLINE_ALLOW_PRIVATE_TARGETS).toBe(true);
  });

  it("names the variable and the expected form for a bad duration list", () => {
    const problems = problemsOf({ RETRY_SCHEDULE: "soon" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^RETRY_SCHEDULE: expected a comma-separated list of durations like "5s,5m,30m"/);
    expect(problems[0]).toContain('got "soon"');
  });

  it("reports every bad variable at once", () => {
    const problems = problemsOf({ PORT: "http", RETRY_JITTER: "2", CIRCUIT_COOLDOWN: "5", DATABASE_URL: "mysql://x/y", HOOKLINE_ALLOW_PRIVATE_TARGETS: "yes" });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(
      ["CIRCUIT_COOLDOWN", "DATABASE_URL", "HOOKLINE_ALLOW_PRIVATE_TARGETS", "PORT", "RETRY_JITTER"].sort(),
    );
  });

  it("takes GitHub sign-in's GITHUB_ID and GITHUB_SECRET both or neither", () => {
    expect(parseEnv({ GITHUB_ID: "Iv1.abc", GITHUB_SECRET: "s3cret" })).toMatchObject({ GITHUB_ID: "Iv1.abc", GITHUB_SECRET: "s3cret" });
    expect(parseEnv({ GITHUB_ID: "", GITHUB_SECRET: "" })).toMatchObject({ GITHUB_ID: undefined, GITHUB_SECRET: undefined });
    expect(problemsOf({ GITHUB_ID: "Iv1.abc" })).toEqual([expect.stringMatching(/^GITHUB_SECRET: required when GITHUB_ID is set/)]);
    expect(problemsOf({ GITHUB_ID: "", GITHUB_SECRET: "s3cret" })).toEqual([expect.stringMatching(/^GITHUB_ID: required when GITHUB_SECRET is set/)]);
  });

  it("treats an empty DATABASE_URL as unset (embedded PostgreSQL)", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@localhost:5432/db" }).DATABASE_URL).toBe("postgresql://u:p@localhost:5432/db");
  });
});
