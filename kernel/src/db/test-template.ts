import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { type Migration, migrate } from "./migrate.js";
import { openDatabase } from "./open.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's folder of migrated template databases (kernel/src/db/test-template-setup.ts). */
    sqliteTemplates: string | null;
  }
}

/**
 * Test set-up's fast path: puts a copy of a database already migrated with exactly `migrations` at `file`
 * (which must not exist yet), so a test's fresh database costs a file copy instead of ~40 migrations.
 * The template is built once per run and per migration set (keyed by their names and sha256), by the
 * first test that needs it. The caller still opens and migrates the copy as the appliance would: the
 * runner checks every recorded checksum against the files and applies none. Returns false (and copies
 * nothing) outside a vitest run that provides the templates folder; the caller then migrates from empty.
 */
export function copyMigratedTemplate(file: string, migrations: readonly Migration[]): boolean {
  const folder = templatesFolder();
  if (!folder) return false;
  const key = createHash("sha256")
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 24);
  const template = join(folder, `${key}.sqlite`);
  if (!existsSync(template)) buildTemplate(template, migrations);
  copyFileSync(template, file);
  drawPerInstallValues(file);
  return true;
}

/**
 * Values a migration draws at random once per installation (`randomblob` in its SQL): the template drew
 * them once, so every copy draws its own again, as a fresh install would. Two test databases sharing a
 * shop identity or a clock's node id would make "another shop's backup" or two appliances' clocks the
 * same. desktop/src/appliance/migrations.test.ts fails when a migration draws a value not listed here.
 */
export const PER_INSTALL_VALUES: readonly { table: string; redraw: string }[] = [
  { table: "backup_identity", redraw: "UPDATE backup_identity SET shop_uid = lower(hex(randomblob(16)))" },
  { table: "hlc_state", redraw: "UPDATE hlc_state SET node = lower(hex(randomblob(8)))" },
];

function drawPerInstallValues(file: string): void {
  const db = openDatabase(file);
  try {
    for (const { table, redraw } of PER_INSTALL_VALUES) {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
      if (exists) db.exec(redraw);
    }
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}

function templatesFolder(): string | null {
  try {
    return inject("sqliteTemplates") ?? null;
  } catch {
    return null; // not inside a vitest worker
  }
}

/**
 * Migrates a database beside the template's name and renames it into place: rename is atomic, so a test
 * in the other worker never copies a half-built template (two that build at once write equal files).
 */
function buildTemplate(template: string, migrations: readonly Migration[]): void {
  const building = `${template}.${randomBytes(6).toString("hex")}.building`;
  const db = openDatabase(building);
  try {
    migrate(db, migrations);
    // Everything into the main file, so the copy needs no -wal beside it.
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  renameSync(building, template);
}
