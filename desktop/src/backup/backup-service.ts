import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { BackupRun, BackupSettingsPatch, BackupStatus } from "@mostrador/contracts/http/backup";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { notifyOwner } from "@mostrador/kernel/notifications/notify-owner";
import {
  type BackupReason,
  backupTimeOf,
  checkFolderWritable,
  dataDirOf,
  defaultBackupFolder,
  writeBackup,
} from "./backup-file.js";
import { pruneBackups } from "./retention.js";

/** The till warns after this long without a successful backup. */
export const STALE_AFTER_MS = 48 * 60 * 60 * 1000;
/** A daily backup is due when the last success is this old. */
export const DAILY_MS = 24 * 60 * 60 * 1000;

export interface BackupSettings {
  folder: string;
  folderIsDefault: boolean;
  keepDaily: number;
}

export function backupSettings(db: Db): BackupSettings {
  const row = db.prepare("SELECT folder, keep_daily AS keepDaily FROM backup_settings WHERE id = 1").get() as
    { folder: string | null; keepDaily: number } | undefined;
  const folder = row?.folder ?? null;
  return {
    folder: folder ?? defaultBackupFolder(dataDirOf(db)),
    folderIsDefault: folder === null,
    keepDaily: row?.keepDaily ?? 14,
  };
}

/** Changes the folder or the retention; a folder must be absolute and writable now (or "" for the default). */
export function changeBackupSettings(ctx: Ctx, patch: BackupSettingsPatch): BackupSettings {
  if (patch.folder !== undefined && patch.folder !== "") {
    if (!isAbsolute(patch.folder))
      throw new DomainError(
        "invalid",
        "backup_folder_relative",
        `La carpeta de copias debe ser una ruta completa (por ejemplo /media/usb/copias), no "${patch.folder}"`,
      );
    checkFolderWritable(patch.folder, false);
  }
  ctx.db
    .prepare(
      "UPDATE backup_settings SET folder = coalesce(?, folder), keep_daily = coalesce(?, keep_daily) WHERE id = 1",
    )
    .run(patch.folder === undefined ? null : patch.folder, patch.keepDaily ?? null);
  if (patch.folder === "") ctx.db.prepare("UPDATE backup_settings SET folder = NULL WHERE id = 1").run();
  return backupSettings(ctx.db);
}

export interface BackupOutcome {
  ok: boolean;
  file: string | null;
  bytes: number | null;
  error: string | null;
}

/**
 * Takes one backup to the configured folder, records the attempt, prunes old copies (retention) and, when it
 * fails, tells the owner (notifyOwner "backup_failed", in the same transaction as the failed attempt's record).
 * Never throws for a failed backup: the outcome says so (the caller is a timer or a route that reports it).
 */
export async function runBackup(ctx: Ctx, reason: BackupReason): Promise<BackupOutcome> {
  const startedAt = isoNow(ctx);
  const settings = backupSettings(ctx.db);
  let outcome: BackupOutcome;
  try {
    checkFolderWritable(settings.folder, settings.folderIsDefault);
    const { file, bytes } = await writeBackup(ctx.db, settings.folder, ctx.clock.now(), reason);
    outcome = { ok: true, file, bytes, error: null };
  } catch (err) {
    outcome = { ok: false, file: null, bytes: null, error: err instanceof Error ? err.message : String(err) };
  }
  const finishedAt = isoNow(ctx);
  ctx.db.transaction(() => {
    ctx.db
      .prepare(
        `INSERT INTO backup_runs (id, reason, started_at, finished_at, ok, file, bytes, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        newId(),
        reason,
        startedAt,
        finishedAt,
        outcome.ok ? 1 : 0,
        outcome.file,
        outcome.bytes,
        outcome.error,
      );
    if (!outcome.ok)
      notifyOwner(ctx.db, {
        kind: "backup_failed",
        message: `Falló la copia de seguridad del negocio: ${outcome.error ?? ""}`,
        at: finishedAt,
        // One message a day at most: the hourly retry of an unplugged disk must not flood the owner.
        dedupeKey: `backup_failed:${startedAt.slice(0, 10)}`,
      });
  })();
  if (outcome.ok) {
    try {
      pruneBackups(settings.folder, settings.keepDaily, ctx.clock.now());
    } catch {
      // Retention is housekeeping: a folder that cannot be listed now is pruned on the next backup.
    }
  }
  return outcome;
}

interface RunRow {
  finished_at: string;
  reason: BackupRun["reason"];
  ok: number;
  file: string | null;
  bytes: number | null;
  error: string | null;
}

const toRun = (r: RunRow | undefined): BackupRun | null =>
  r
    ? {
        at: r.finished_at,
        reason: r.reason,
        ok: r.ok === 1,
        file: r.file ? (r.file.split(/[\\/]/).pop() ?? r.file) : null,
        bytes: r.bytes,
        error: r.error,
      }
    : null;

/** When the last successful backup finished, or null. */
export function lastSuccessAt(db: Db): string | null {
  const row = db.prepare("SELECT max(finished_at) AS at FROM backup_runs WHERE ok = 1").get() as {
    at: string | null;
  };
  return row.at;
}

/** Backup files in a folder, newest first; empty when it cannot be read (an unplugged disk). */
export function listBackupFiles(folder: string): BackupStatus["files"] {
  try {
    return readdirSync(folder)
      .map((name) => ({ name, at: backupTimeOf(name) }))
      .filter((f): f is { name: string; at: Date } => f.at !== null)
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .map((f) => ({ name: f.name, at: f.at.toISOString(), bytes: statSync(join(folder, f.name)).size }));
  } catch {
    return [];
  }
}

export function backupStatus(ctx: Ctx): BackupStatus {
  const settings = backupSettings(ctx.db);
  const last = (ok: 0 | 1) =>
    toRun(
      ctx.db
        .prepare(
          "SELECT finished_at, reason, ok, file, bytes, error FROM backup_runs WHERE ok = ? ORDER BY finished_at DESC LIMIT 1",
        )
        .get(ok) as RunRow | undefined,
    );
  const lastSuccess = last(1);
  const since = lastSuccess ? Date.parse(lastSuccess.at) : shopBornAt(ctx.db);
  return {
    ...settings,
    lastSuccess,
    lastFailure: last(0),
    stale: since !== null && ctx.clock.now().getTime() - since > STALE_AFTER_MS,
    files: listBackupFiles(settings.folder),
  };
}

/** When the shop's database got its first migration: a shop never backed up warns 48 h after it was born. */
function shopBornAt(db: Db): number | null {
  const row = db.prepare("SELECT min(applied_at) AS at FROM schema_migrations").get() as {
    at: string | null;
  };
  return row.at ? Date.parse(row.at) : null;
}
