import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Held by a running appliance in its data directory: the restore CLI refuses while it is there and alive. */
export const LOCK_FILE = "appliance.lock";

/** Whether a live process holds the data directory (a lock left by a crash names a dead pid: not running). */
export function applianceRunning(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dataDir, LOCK_FILE), "utf8").trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: the process exists but belongs to another user — still running.
    return (err as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}

/** Takes the lock for this process; the returned function releases it. */
export function holdApplianceLock(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}
