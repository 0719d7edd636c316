import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { Db } from "@mostrador/kernel/db/open";
import { factsOf, inspectBackupFile } from "./inspect-backup.js";

export type BackupReason = "daily" | "manual" | "before_migration" | "before_restore";

/** The default folder: beside the database (Ajustes points it at a USB disk instead). */
export const defaultBackupFolder = (dataDir: string): string => join(dataDir, "backups");

/** The folder of the shop's database file (the appliance's data directory). */
export const dataDirOf = (db: Db): string => dirname(db.name);

const SUFFIX: Record<BackupReason, string> = {
  daily: "",
  manual: "-manual",
  before_migration: "-antes-de-actualizar",
  before_restore: "-antes-de-restaurar",
};

/** mostrador-2026-12-07T02-08-03Z.sqlite: UTC, sortable, no colon (FAT32 USB disks refuse ':'). */
export function backupFileName(at: Date, reason: BackupReason): string {
  const stamp = at.toISOString().slice(0, 19).replaceAll(":", "-");
  return `mostrador-${stamp}Z${SUFFIX[reason]}.sqlite`;
}

/** A name backupFileName wrote: its UTC time, or null for any other file in the folder. */
export function backupTimeOf(name: string): Date | null {
  const m = /^mostrador-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z(?:-[a-z-]+)?\.sqlite$/.exec(name);
  if (!m) return null;
  const at = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** Refuses a folder that is missing (a USB disk unplugged) or not writable, in Spanish. */
export function checkFolderWritable(folder: string, create: boolean): void {
  if (create) mkdirSync(folder, { recursive: true });
  try {
    if (!statSync(folder).isDirectory())
      throw new DomainError("unavailable", "backup_folder_missing", `"${folder}" no es una carpeta`);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError(
      "unavailable",
      "backup_folder_missing",
      `La carpeta de copias "${folder}" no existe: ¿está conectado el disco?`,
    );
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new DomainError(
      "unavailable",
      "backup_folder_not_writable",
      `No se puede escribir en la carpeta de copias "${folder}"`,
    );
  }
}

/**
 * Writes a consistent copy of the live database with SQLite's online backup API (never a file copy: a sale
 * may be committing), then checks it before it takes its final name: integrity_check = ok and the same number
 * of applied migrations as the live database. A copy that fails a check is deleted and the error thrown.
 */
export async function writeBackup(
  db: Db,
  folder: string,
  at: Date,
  reason: BackupReason,
): Promise<{ file: string; bytes: number }> {
  const file = join(folder, backupFileName(at, reason));
  const partial = `${file}.partial`;
  try {
    await db.backup(partial);
    // The copy carries the live file's WAL mode; a plain rollback journal lets it be opened read-only
    // anywhere (a WAL file needs a writable -shm beside it) and makes it one self-contained file.
    const copy = new Database(partial);
    copy.pragma("journal_mode = DELETE");
    copy.close();
    const facts = inspectBackupFile(partial);
    const live = factsOf(db);
    if (facts.migrations !== live.migrations)
      throw new DomainError(
        "unavailable",
        "backup_verify_failed",
        `La copia no coincide con la base (${facts.migrations} migraciones en la copia, ${live.migrations} en la base)`,
      );
    renameSync(partial, file);
    return { file, bytes: statSync(file).size };
  } catch (err) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    if (err instanceof DomainError) throw err;
    throw new DomainError(
      "unavailable",
      "backup_write_failed",
      `No se pudo escribir la copia en "${folder}": ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
