import { fileURLToPath } from "node:url";
import { type Migration, loadMigrations as load } from "@mostrador/platform/migrations/migrations";
import { migratePostgres } from "@mostrador/platform/migrations/postgres";
import type { Sql } from "./sql.js";

export type { Migration };

/** The cloud's migration folders (one today; each module may bring its own). */
const MIGRATION_DIRS = [
  fileURLToPath(new URL("./migrations/", import.meta.url)),
  fileURLToPath(new URL("../messaging/migrations/", import.meta.url)),
];

export function loadMigrations(dirs = MIGRATION_DIRS): Migration[] {
  return load(...dirs);
}

/**
 * Applies the cloud's pending migrations (the runner: @mostrador/platform/migrations), each in its own
 * transaction, as the connection's role — which must be the owner, never the service role.
 */
export async function migrate(owner: Sql, migrations = loadMigrations()): Promise<number> {
  return migratePostgres(owner, migrations);
}
