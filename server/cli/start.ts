// npm start / npm run dev — one command for the whole stack: (embedded) PostgreSQL, migrations, demo
// seed, a production build when the sources are newer than the last one, then the web app and the
// worker. Ctrl-C stops web and worker first (they drain), PostgreSQL last; a second Ctrl-C forces it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { createDb } from "../db/client";
import { claimDataDir } from "../db/data-dir-lock";
import { seedDemo, type DemoCredentials } from "../db/seed";
import { resolveSecrets } from "../dev-secrets";
import { childProcessEnv, envOrExit } from "../env";
import { printBanner } from "./banner";
import { lastBuildTime, newestBuildInput, stampBuild } from "./build-stamp";
import { openDatabase, prepareSchema, type OpenDatabase } from "./database";

const dev = process.argv.includes("--dev");
const say = (line: string) => console.log(`[hookline] ${line}`);
const config = envOrExit();
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const children = new Map<string, ChildProcess>();
let opening: Promise<OpenDatabase> | undefined;
let releaseDataDir: (() => Promise<void>) | undefined;
let stopping = false;

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0));

try {
  await main();
} catch (error) {
  console.error(`[hookline] ${(error as Error).message}`);
  await shutdown(1);
}

async function main(): Promise<void> {
  await mkdir(config.HOOKLINE_DATA_DIR, { recursive: true });
  releaseDataDir = await claimDataDir(config.HOOKLINE_DATA_DIR);
  const secrets = await resolveSecrets(config);
  opening = openDatabase(config, say);
  const database = await opening;
  await prepareSchema(database.url, say);
  const demo = database.embedded ? await seed(database.url) : undefined;
  if (!dev) await buildIfStale();
  if (stopping) return;

  const portalUrl = config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`;
  const env = childProcessEnv({
    DATABASE_URL: database.url,
    ADMIN_API_TOKEN: secrets.ADMIN_API_TOKEN,
    NEXTAUTH_SECRET: secrets.NEXTAUTH_SECRET,
    NEXTAUTH_URL: portalUrl,
    NEXT_TELEMETRY_DISABLED: "1",
  });
  startChild("web", [nextBin, dev ? "dev" : "start", "--port", String(config.PORT)], env);
  startChild("worker", [...(dev ? ["--watch"] : []), "--import", "tsx", path.join("workers", "main.ts")], env);

  const metricsUrl = `http://127.0.0.1:${config.METRICS_PORT}`;
  await Promise.all([waitUntilOk(`http://127.0.0.1:${config.PORT}/api/health`), waitUntilOk(`${metricsUrl}/healthz`)]);
  if (stopping) return; // a child died while we waited
  printBanner({
    portalUrl,
    metricsUrl: `${metricsUrl}/metrics`,
    // A token the operator configured is theirs to know; we print only one we generated.
    adminToken: secrets.adminTokenFromFile ? `${secrets.ADMIN_API_TOKEN}   (kept in ${secrets.adminTokenFromFile})` : "from ADMIN_API_TOKEN",
    demo,
  });
}

async function seed(url: string): Promise<DemoCredentials> {
  const db = createDb(url, 2);
  try {
    const seeded = await seedDemo(db, config.HOOKLINE_DATA_DIR);
    say(seeded.created.length ? `seeded ${seeded.created.join(", ")}` : "demo data already present");
    return seeded;
  } finally {
    await db.$disconnect();
  }
}

async function buildIfStale(): Promise<void> {
  const built = await lastBuildTime();
  if (built !== undefined && built >= (await newestBuildInput())) return;
  say(built === undefined ? "no build yet: running next build (a minute or two)…" : "sources changed since the last build: rebuilding…");
  const startedAt = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [nextBin, "build"], { stdio: "inherit", env: childProcessEnv({ NEXT_TELEMETRY_DISABLED: "1" }) });
    children.set("build", child);
    child.once("exit", (exitCode) => (children.delete("build"), resolve(exitCode)));
  });
  if (code !== 0 && !stopping) throw new Error(`next build failed (exit code ${code})`);
  if (code === 0) await stampBuild(startedAt);
}

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv): void {
  const child = spawn(process.execPath, args, { env, stdio: "inherit" });
  children.set(name, child);
  child.once("exit", (code, signal) => {
    children.delete(name);
    if (stopping) return;
    say(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the rest`);
    void shutdown(1);
  });
}

async function waitUntilOk(url: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!stopping) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return forceExit();
  stopping = true;
  say("stopping… (Ctrl-C again to force)");
  await Promise.all([...children.values()].map((child) => stopChild(child)));
  // If PostgreSQL is still starting, wait for it so that it is stopped rather than left behind.
  const database = await opening?.catch(() => undefined);
  await database?.stop();
  await releaseDataDir?.();
  say("stopped");
  process.exit(code);
}

function forceExit(): void {
  say("forcing: killing web and worker");
  for (const child of children.values()) child.kill("SIGKILL");
  process.exit(130); // a PostgreSQL left running is taken over by the next start
}

function stopChild(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => (clearTimeout(kill), resolve()));
    child.kill("SIGTERM");
  });
}
