import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export type Db = Database.Database;

/**
 * Opens the appliance's single SQLite file with the settings the trade rules need:
 * - WAL so the API can read while a sale commits;
 * - synchronous=FULL because a sale the cashier saw committed must survive a power cut,
 *   not only a process crash (NORMAL in WAL mode may lose the last commits on power loss);
 * - foreign keys on, so a half-formed sale can never reference a missing product;
 * - a busy timeout so a second process (a backup, the CLI) waits instead of failing.
 */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}
