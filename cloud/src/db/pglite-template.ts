import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { Migration } from "./migrate.js";

/**
 * Where test runs keep migrated PGlite databases (set by the vitest globalSetup
 * kernel/src/db/test-template-setup.ts; never in production). Creating PGlite's cluster and running every
 * cloud migration in WASM takes seconds, and each end-to-end test with an embedded cloud did it again.
 */
export const PGLITE_TEMPLATES_ENV = "MOSTRADOR_PGLITE_TEMPLATES";

/** The dump of a new database already migrated with exactly `migrations`, if the run has one. */
export function pgliteTemplate(migrations: readonly Migration[], dataDir?: string): Blob | null {
  const file = templateFile(migrations);
  // Only a new database starts from the template: an existing data folder is opened as it is.
  if (!file || !existsSync(file) || (dataDir && existsSync(join(dataDir, "PG_VERSION")))) return null;
  return new Blob([readFileSync(file)]);
}

/** After migrating a new database from empty: keeps its dump for the next test (atomic rename). */
export async function savePgliteTemplate(db: PGlite, migrations: readonly Migration[]): Promise<void> {
  const file = templateFile(migrations);
  if (!file || existsSync(file)) return;
  const dump = await db.dumpDataDir("none");
  const building = `${file}.${randomBytes(6).toString("hex")}.building`;
  writeFileSync(building, Buffer.from(await dump.arrayBuffer()));
  renameSync(building, file);
}

function templateFile(migrations: readonly Migration[]): string | null {
  const folder = process.env[PGLITE_TEMPLATES_ENV];
  if (!folder) return null;
  const key = createHash("sha256")
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 24);
  return join(folder, `pglite-${key}.tar`);
}
