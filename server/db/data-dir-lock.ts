// One supervisor (npm start / dev) per data directory. Its pid file tells other commands (db:migrate,
// db:seed, a second npm start) that the embedded PostgreSQL belongs to a running Hookline: they may
// use it but must not stop it.
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const LOCK_FILE = "supervisor.pid";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid of another live supervisor of this data directory, if there is one. */
export async function otherSupervisor(dataDir: string): Promise<number | undefined> {
  const text = await readFile(path.join(dataDir, LOCK_FILE), "utf8").catch(() => "");
  const pid = Number(text.trim());
  return pid && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/** Claims the data directory for this process; returns the release function. */
export async function claimDataDir(dataDir: string): Promise<() => Promise<void>> {
  const owner = await otherSupervisor(dataDir);
  if (owner) {
    throw new Error(
      `Hookline is already running from ${dataDir} (pid ${owner}). Stop it first, or give this one its own HOOKLINE_DATA_DIR, PORT, METRICS_PORT and EMBEDDED_PG_PORT.`,
    );
  }
  const file = path.join(dataDir, LOCK_FILE);
  await writeFile(file, `${process.pid}\n`);
  return async () => {
    const text = await readFile(file, "utf8").catch(() => "");
    if (Number(text.trim()) === process.pid) await rm(file, { force: true });
  };
}
