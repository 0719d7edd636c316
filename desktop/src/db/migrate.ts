import { fileURLToPath } from "node:url";
import { type Migration, loadMigrations as load } from "@mostrador/platform/migrations/migrations";
import { migrateSqlite } from "@mostrador/platform/migrations/sqlite";
import type { Db } from "./open.js";

export type { Migration };

/** The appliance's migration folders (one today; each module may bring its own). */
const MIGRATION_DIRS = [fileURLToPath(new URL("./migrations/", import.meta.url))];

export function loadMigrations(dirs = MIGRATION_DIRS): Migration[] {
  return load(...dirs);
}

/**
 * Applies the appliance's pending migrations, each in its own transaction (the runner:
 * @mostrador/platform/migrations). Refuses a database whose applied migrations differ from the files.
 */
export function migrate(db: Db, migrations = loadMigrations()): number {
  return migrateSqlite(db, migrations);
}
