import { existsSync } from "node:fs";
import { join } from "node:path";
import type { AppliedMigration, Migration } from "@mostrador/platform/migrations/migrations";
import { pendingMigrations } from "@mostrador/platform/migrations/migrations";
import { DATABASE_FILE } from "@mostrador/kernel/core/open-core";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { type Db, openDatabase } from "@mostrador/kernel/db/open";
import { checkFolderWritable, defaultBackupFolder, writeBackup } from "./backup-file.js";
import { applyPendingRestore } from "./restore.js";

const hasTable = (db: Db, name: string) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/** The configured folder when the database already has the setting, and the default one as a fallback. */
function foldersOf(db: Db, dataDir: string): string[] {
  const fallback = defaultBackupFolder(dataDir);
  if (!hasTable(db, "backup_settings")) return [fallback];
  const row = db.prepare("SELECT folder FROM backup_settings WHERE id = 1").get() as
    { folder: string | null } | undefined;
  return row?.folder ? [row.folder, fallback] : [fallback];
}

/**
 * Before an update migrates the shop's database: a backup, so a migration gone wrong can be undone. Runs only
 * when a migration will apply to a database that has data (a new shop has nothing to save). Tries the folder
 * set in Ajustes, then <dataDir>/backups (an unplugged USB disk must not block the update); when no copy can be
 * written it throws and the appliance does not migrate. Returns the copy's path, or null when none was needed.
 */
export async function backupBeforeMigration(
  dataDir: string,
  migrations: readonly Migration[],
  now: Date,
): Promise<string | null> {
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) return null;
  const db = openDatabase(file);
  try {
    if (!hasTable(db, "schema_migrations")) return null;
    const applied = db
      .prepare("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
      .all() as AppliedMigration[];
    if (applied.length === 0 || pendingMigrations(applied, migrations).length === 0) return null;
    const errors: string[] = [];
    for (const folder of foldersOf(db, dataDir)) {
      try {
        checkFolderWritable(folder, folder === defaultBackupFolder(dataDir));
        const copy = await writeBackup(db, folder, now, "before_migration");
        if (hasTable(db, "backup_runs"))
          db.prepare(
            `INSERT INTO backup_runs (id, reason, started_at, finished_at, ok, file, bytes, error)
             VALUES (?, 'before_migration', ?, ?, 1, ?, ?, NULL)`,
          ).run(newId(), now.toISOString(), new Date().toISOString(), copy.file, copy.bytes);
        return copy.file;
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
      }
    }
    throw new DomainError(
      "unavailable",
      "backup_before_migration_failed",
      `No se actualizó la base: falló la copia de seguridad previa (${errors.join("; ")})`,
    );
  } finally {
    db.close();
  }
}

/**
 * What the appliance does to its database file before opening it: a staged restore is swapped in (the
 * database is closed now), then a backup is taken if an update's migrations are about to apply.
 */
export async function prepareDatabaseFile(
  dataDir: string,
  migrations: readonly Migration[],
  now: Date,
  log: (message: string, err?: unknown) => void,
): Promise<void> {
  const knownVersion = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  try {
    if (applyPendingRestore(dataDir, knownVersion, now)) log("se restauró la copia de seguridad pedida");
  } catch (err) {
    // The file changed or vanished since it was checked: the shop keeps its current database.
    log("no se restauró la copia de seguridad pedida; la base actual sigue en uso", err);
  }
  await backupBeforeMigration(dataDir, migrations, now);
}
