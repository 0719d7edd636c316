import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time (user + system, milliseconds) spent by processes, read from /proc (Linux). On a shared,
 * loaded machine the latencies say how long work waited for a core; the CPU time per operation says
 * what the work itself costs, whoever else was running, so it can be turned into a capacity.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux

function statOf(pid: number): { ppid: number; cpuMs: number; reapedMs: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces, inside parentheses).
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return {
      ppid: Number(fields[1]),
      cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
      // cutime + cstime: what its children that ended (and were waited for) spent.
      reapedMs: (Number(fields[13]) + Number(fields[14])) * TICK_MS,
    };
  } catch {
    return null; // gone
  }
}

/** CPU time of one process. */
export function processCpuMs(pid: number): number {
  return statOf(pid)?.cpuMs ?? 0;
}

/**
 * CPU time of a process's children, those alive and those that ended (PostgreSQL's backends under its
 * postmaster: a pool's idle connection closing must not take its CPU time out of the sum).
 */
export function childrenCpuMs(parentPid: number): number {
  let total = statOf(parentPid)?.reapedMs ?? 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat?.ppid === parentPid) total += stat.cpuMs;
  }
  return total;
}

/** The postmaster of the cluster listening on `port` (its command line names the port). */
export function postmasterPid(port: number): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (cmd[0]?.endsWith("/postgres") && cmd.includes("-p") && cmd[cmd.indexOf("-p") + 1] === String(port))
        return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}
