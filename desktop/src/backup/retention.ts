import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { backupTimeOf } from "./backup-file.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Which backup files to delete: the newest copy of each of the `keepDaily` most recent UTC days stays, and so
 * does every copy younger than a day (a copy taken before a restore or an update is never removed the same
 * day). Files whose names backupFileName did not write are never touched.
 */
export function backupsToDelete(names: readonly string[], keepDaily: number, now: Date): string[] {
  const dated = names
    .map((name) => ({ name, at: backupTimeOf(name) }))
    .filter((f): f is { name: string; at: Date } => f.at !== null)
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  const keptDays = new Set<string>();
  const doomed: string[] = [];
  for (const f of dated) {
    const day = f.at.toISOString().slice(0, 10);
    if (now.getTime() - f.at.getTime() < DAY_MS) continue;
    if (!keptDays.has(day) && keptDays.size < keepDaily) keptDays.add(day);
    else doomed.push(f.name);
  }
  return doomed;
}

/** Applies backupsToDelete to a folder; returns the names removed. */
export function pruneBackups(folder: string, keepDaily: number, now: Date): string[] {
  const doomed = backupsToDelete(readdirSync(folder), keepDaily, now);
  for (const name of doomed) rmSync(join(folder, name), { force: true });
  return doomed;
}
