import { fileURLToPath } from "node:url";
import { type Migration, loadMigrations as load } from "@mostrador/platform/migrations/migrations";
import { migrateSqlite } from "@mostrador/platform/migrations/sqlite";
import type { Db } from "./open.js";

export type { Migration };

/**
 * The kernel's own migrations (0001: shop settings, terminals, staff, sessions, audit log, outbox).
 * Every module brings its own folder in its manifest; all folders form one numbered sequence.
 */
export const KERNEL_MIGRATIONS = fileURLToPath(new URL("./migrations/", import.meta.url));

/** The numbered migrations of the given folders as one sequence (the kernel's alone by default). */
export function loadMigrations(dirs: readonly string[] = [KERNEL_MIGRATIONS]): Migration[] {
  return load(...dirs);
}

/**
 * Applies the pending migrations, each in its own transaction (the runner:
 * @mostrador/platform/migrations). Refuses a database whose applied migrations differ from the files.
 */
export function migrate(db: Db, migrations: readonly Migration[] = loadMigrations()): number {
  return migrateSqlite(db, migrations);
}
