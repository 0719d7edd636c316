import { fileURLToPath } from "node:url";
import { type Migration, loadMigrations as load } from "@mostrador/platform/migrations/migrations";
import { migratePostgres } from "@mostrador/platform/migrations/postgres";
import type { CloudModule } from "../core/module.js";
import type { Sql } from "./sql.js";

export type { Migration };

/**
 * The kernel's own migrations: those that belong to no single module (0003 creates the catalog's
 * tables and the shapes' change log together, 0004 and 0007 touch several modules' tables).
 */
export const KERNEL_MIGRATIONS = fileURLToPath(new URL("./migrations/", import.meta.url));

/** The kernel's folder and each module's, in that order: one numbered sequence across all of them. */
export function migrationFolders(modules: readonly CloudModule[]): string[] {
  return [KERNEL_MIGRATIONS, ...modules.flatMap((module) => (module.migrations ? [module.migrations] : []))];
}

/** Every migration of these folders as one sequence (the runner refuses a number used twice). */
export function loadMigrations(dirs: readonly string[]): Migration[] {
  return load(...dirs);
}

/**
 * Applies the cloud's pending migrations (the runner: @mostrador/platform/migrations), each in its own
 * transaction, as the connection's role — which must be the owner, never the service role. The
 * migrations come from the composition (modules.ts `cloudMigrations()`): the kernel names no module.
 */
export async function migrate(owner: Sql, migrations: readonly Migration[]): Promise<number> {
  return migratePostgres(owner, migrations);
}
