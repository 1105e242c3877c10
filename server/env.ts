// The only reader of process.env. Parsed once; a bad value stops the process with a message that
// names the variable and the expected form. Secrets that are unset are generated once into the data
// directory (see dev-secrets.ts) by the process that boots the stack, and passed to its children.
import { z } from "zod";
import { DURATION_FORM, parseDuration, parseDurationList } from "./lib/duration";

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const parsed = parseDuration(text);
      if (parsed.ok) return parsed.ms;
      ctx.addIssue({ code: "custom", message: `expected ${DURATION_FORM}, got "${text}"` });
      return z.NEVER;
    });

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .transform((text, ctx) => {
      const value = Number(text);
      if (Number.isInteger(value) && value >= min && value <= max) return value;
      ctx.addIssue({ code: "custom", message: `expected a whole number from ${min} to ${max}, got "${text}"` });
      return z.NEVER;
    });

const flag = z
  .enum(["0", "1", "true", "false"], { message: 'expected "1" or "0"' })
  .default("0")
  .transform((text) => text === "1" || text === "true");

const optionalText = z
  .string()
  .optional()
  .transform((text) => (text === "" ? undefined : text));

export const DEFAULT_RETRY_SCHEDULE = "5s,5m,30m,2h,5h,10h,14h,20h,24h";

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalText.pipe(
    z.url({ protocol: /^postgres(ql)?$/, message: 'expected a URL like "postgresql://user:pass@host:5432/db"' }).optional(),
  ),
  PORT: integer(3000, 1, 65535),
  ADMIN_API_TOKEN: optionalText,
  NEXTAUTH_SECRET: optionalText,
  NEXTAUTH_URL: optionalText,
  /** GitHub OAuth app for portal sign-in: both or neither (checked below). */
  GITHUB_ID: optionalText,
  GITHUB_SECRET: optionalText,
  RETRY_SCHEDULE: z
    .string()
    .default(DEFAULT_RETRY_SCHEDULE)
    .transform((text, ctx) => {
      const parsed = parseDurationList(text);
      if (parsed.ok) return parsed.ms;
      ctx.addIssue({ code: "custom", message: `expected a comma-separated list of durations like "5s,5m,30m" (units ms, s, m, h, d), got "${text}"` });
      return z.NEVER;
    }),
  RETRY_JITTER: z
    .string()
    .default("0.2")
    .transform((text, ctx) => {
      const value = Number(text);
      if (text.trim() !== "" && value >= 0 && value < 1) return value;
      ctx.addIssue({ code: "custom", message: `expected a fraction from 0 to below 1 (e.g. "0.2"), got "${text}"` });
      return z.NEVER;
    }),
  DELIVERY_TIMEOUT_MS: integer(15_000, 1_000, 30_000),
  HOOKLINE_ALLOW_PRIVATE_TARGETS: flag,
  CIRCUIT_COOLDOWN: duration("30s"),
  /** Each failed probe doubles the cooldown, up to this. */
  CIRCUIT_COOLDOWN_MAX: duration("1h"),
  /** The sliding window the circuit breaker counts failures in. */
  CIRCUIT_WINDOW: duration("60s"),
  RECOVERY_RAMP_TAU: duration("5m"),
  ENDPOINT_DISABLE_AFTER: duration("5d"),
  WORKER_CONCURRENCY: integer(500, 1, 10_000),
  INGEST_RATE_PER_SECOND: integer(1_000, 1, 1_000_000),
  INGEST_BURST: integer(2_000, 1, 10_000_000),
  /** Requests per second one tenant API key may make to the REST API, per web process (token bucket). */
  API_RATE_LIMIT_PER_SECOND: integer(50, 1, 1_000_000),
  API_RATE_LIMIT_BURST: integer(100, 1, 10_000_000),
  METRICS_PORT: integer(9464, 1, 65535),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HOOKLINE_DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_PG_PORT: integer(54329, 1, 65535),
}).superRefine((parsed, ctx) => {
  // Half a GitHub configuration would show a sign-in button that cannot work.
  for (const [set, missing] of [["GITHUB_ID", "GITHUB_SECRET"], ["GITHUB_SECRET", "GITHUB_ID"]] as const) {
    if (parsed[set] && !parsed[missing])
      ctx.addIssue({ code: "custom", path: [missing], message: `required when ${set} is set (GitHub sign-in needs both; unset ${set} to turn it off)` });
  }
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses a set of variables; throws EnvError listing every bad one by name. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
}

let cached: Env | undefined;

/** The process's configuration, parsed from process.env on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests that point this process at their own database re-read process.env with this. */
export function reloadEnv(): Env {
  cached = undefined;
  return env();
}

/** Variables for a child process: ours plus overrides (the parent decides what children see). */
export function childProcessEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** For process entry points: the configuration, or a clear message and exit code 1. */
export function envOrExit(): Env {
  try {
    return env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`${error.message}\nSee the configuration table in README.md.`);
    process.exit(1);
  }
}
