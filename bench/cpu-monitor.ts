// CPU used by the bench, the worker processes and PostgreSQL, from /proc (Linux). On a small machine
// they all compete for the same cores, so a throughput number means little without knowing who was
// busy. Each process is charged to its nearest ancestor among the group roots (the bench spawned both
// the workers and PostgreSQL, so "nearest" keeps them apart). "other" is everything else busy on the
// machine (from /proc/stat): if it is not near 0, something else was competing and the numbers of
// that run are suspect. Elsewhere than Linux it reports nothing.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export type CpuTotals = { at: number; seconds: Record<string, number> };
/** Average CPU of each group between two totals, in % of one core (200 = two cores busy). */
export type CpuPercent = Record<string, number>;

export type CpuMonitor = {
  /** Reads /proc now and returns cumulative CPU seconds per group since the monitor started. */
  read(): CpuTotals;
};

type Stat = { ppid: number; ticks: number };

function clockTicks(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
}

function readStats(): Map<number, Stat> {
  const stats = new Map<number, Stat>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, "utf8");
      // Fields after the command name, which is in parentheses and may itself contain spaces.
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process exited between listing and reading.
    }
  }
  return stats;
}

/** Busy CPU seconds of the whole machine since boot (all states but idle and iowait). */
function machineBusySeconds(hz: number): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / hz;
}

function groupOf(pid: number, stats: Map<number, Stat>, roots: Map<number, string>): string | undefined {
  for (let current: number | undefined = pid, hops = 0; current && hops < 64; hops++) {
    const group = roots.get(current);
    if (group) return group;
    current = stats.get(current)?.ppid;
  }
  return undefined;
}

/** `roots` is asked on every read, so groups can gain processes (workers started later). */
export function createCpuMonitor(roots: () => Record<string, number[]>): CpuMonitor | undefined {
  if (process.platform !== "linux") return undefined;
  const hz = clockTicks();
  const previous = new Map<number, number>();
  const totals: Record<string, number> = {};
  let first = true;
  const machineStart = machineBusySeconds(hz);
  const read = (): CpuTotals => {
    const stats = readStats();
    const rootMap = new Map(Object.entries(roots()).flatMap(([group, pids]) => pids.map((pid) => [pid, group] as const)));
    for (const group of rootMap.values()) totals[group] ??= 0;
    for (const [pid, stat] of stats) {
      const group = groupOf(pid, stats, rootMap);
      // The first read only sets the baseline; a process seen for the first time later is new, so
      // all of its CPU time falls in this interval.
      const delta = stat.ticks - (previous.get(pid) ?? (first ? stat.ticks : 0));
      previous.set(pid, stat.ticks);
      if (group) totals[group] = (totals[group] ?? 0) + delta / hz;
    }
    for (const pid of previous.keys()) if (!stats.has(pid)) previous.delete(pid);
    first = false;
    const ours = Object.values(totals).reduce((sum, seconds) => sum + seconds, 0);
    return { at: Date.now(), seconds: { ...totals, other: Math.max(0, machineBusySeconds(hz) - machineStart - ours) } };
  };
  read();
  return { read };
}

export function cpuBetween(from: CpuTotals, to: CpuTotals): CpuPercent {
  const elapsedS = Math.max(0.001, (to.at - from.at) / 1000);
  return Object.fromEntries(Object.entries(to.seconds).map(([group, seconds]) => [group, Math.max(0, Math.round((100 * (seconds - (from.seconds[group] ?? 0))) / elapsedS))]));
}

export function formatCpu(cpu: CpuPercent): string {
  return Object.entries(cpu).map(([group, percent]) => `${group} ${percent}%`).join(" ");
}
