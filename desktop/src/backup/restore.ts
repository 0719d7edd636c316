import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import Database from "better-sqlite3";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { DATABASE_FILE } from "@mostrador/kernel/core/open-core";
import { backupTimeOf, dataDirOf } from "./backup-file.js";
import { backupSettings, runBackup } from "./backup-service.js";
import { checkRestorable, factsOf, inspectBackupFile } from "./inspect-backup.js";

/** Written by stageRestore, applied by applyPendingRestore while the database is closed. */
export const RESTORE_MARKER = "restore-pending.json";

interface RestoreMarker {
  file: string;
  requestedAt: string;
  /** The highest seq the cloud applied from this appliance, when it could be asked. */
  cloudLastSeq: number;
}

/**
 * Asks the cloud, when paired, how many of this appliance's sales after `since` it holds and the highest seq it
 * applied (sync/src/upload/restore-check.ts, composed in desktop/src/appliance/modules.ts); null: not known.
 */
export type CloudRestoreCheck = (
  db: Db,
  since: string | null,
) => Promise<{ salesSince: number; lastSeq: number } | null>;

/** The backup's newest sale time, or null when it has none. */
function newestSaleOf(backupFile: string): string | null {
  const db = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT max(created_at) AS at FROM sales").get() as { at: string | null }).at;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

export interface StagedRestore {
  salesMissingFromBackup: number;
  salesAlreadyInCloud: number;
  /** The cloud's count of this appliance's sales after the backup's newest; null unpaired or unreachable. */
  cloudSalesNotInBackup: number | null;
  safetyBackup: string;
}

/** A file of the backup folder named by the till: a bare name backupFileName wrote, nothing else. */
export function backupInFolder(db: Db, name: string): string {
  if (basename(name) !== name || backupTimeOf(name) === null)
    throw new DomainError(
      "invalid",
      "backup_bad_name",
      `"${name}" no es el nombre de una copia de seguridad`,
    );
  return join(backupSettings(db).folder, name);
}

/**
 * Sales the live database has and the backup lacks, and how many of them the cloud already received
 * (their outbox op was acknowledged, or pruned after it was): what a restore takes away from this appliance
 * while the cloud keeps them.
 */
export function salesMissingFrom(live: Db, backupFile: string): { missing: number; inCloud: number } {
  const backup = new Database(backupFile, { readonly: true, fileMustExist: true });
  let inBackup: Set<string>;
  try {
    inBackup = new Set((backup.prepare("SELECT id FROM sales").pluck().all() as string[]) ?? []);
  } catch {
    inBackup = new Set();
  } finally {
    backup.close();
  }
  const missing = (live.prepare("SELECT id FROM sales").pluck().all() as string[]).filter(
    (id) => !inBackup.has(id),
  );
  const paired = live.prepare("SELECT 1 FROM sync_credentials WHERE id = 1").get() !== undefined;
  if (!paired || missing.length === 0) return { missing: missing.length, inCloud: 0 };
  const pending = new Set(
    live
      .prepare(
        "SELECT entity_id FROM outbox WHERE entity = 'sale' AND seq > (SELECT acked_seq FROM sync_state WHERE id = 1)",
      )
      .pluck()
      .all() as string[],
  );
  return { missing: missing.length, inCloud: missing.filter((id) => !pending.has(id)).length };
}

/**
 * Checks a backup against the running database (a Mostrador copy, whole, this shop, not a newer schema), takes
 * a backup of the current state, and marks the restore to be applied when the database is next opened. A
 * refused file, or a failed safety backup, changes nothing. The caller then restarts the appliance.
 */
export async function stageRestore(
  ctx: Ctx,
  file: string,
  askCloud?: CloudRestoreCheck,
): Promise<StagedRestore> {
  const live = factsOf(ctx.db);
  const facts = inspectBackupFile(file);
  // The running database is migrated to everything this version knows.
  checkRestorable(facts, live, live.schemaVersion);
  const lost = salesMissingFrom(ctx.db, file);
  const cloud = askCloud ? await askCloud(ctx.db, newestSaleOf(file)) : null;
  const safety = await runBackup(ctx, "before_restore");
  if (!safety.ok || !safety.file)
    throw new DomainError(
      "unavailable",
      "backup_safety_failed",
      `No se restauró nada: falló la copia del estado actual (${safety.error ?? ""})`,
    );
  const marker: RestoreMarker = {
    file,
    requestedAt: ctx.clock.now().toISOString(),
    cloudLastSeq: cloud?.lastSeq ?? 0,
  };
  writeFileSync(join(dataDirOf(ctx.db), RESTORE_MARKER), JSON.stringify(marker));
  return {
    salesMissingFromBackup: lost.missing,
    salesAlreadyInCloud: lost.inCloud,
    cloudSalesNotInBackup: cloud?.salesSince ?? null,
    safetyBackup: basename(safety.file),
  };
}

/** The highest outbox seq this appliance ever handed out (AUTOINCREMENT's high-water mark survives pruning). */
function seqHighWater(db: Db): number {
  const row = db
    .prepare(
      "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0), coalesce((SELECT max(seq) FROM outbox), 0)) AS s",
    )
    .get() as { s: number };
  return row.s;
}

const hasTable = (db: Db, name: string) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/**
 * Applies a staged restore: call while the shop's database is CLOSED (before opening it). Re-checks the file,
 * then swaps it in: a copy is prepared beside the database, its outbox sequence jumps past the highest seq the
 * replaced database ever used (the new upload epoch: the cloud has seen those seqs, the backup's unsent ops
 * keep theirs and are de-duplicated by id), each till's next sale and return numbers jump past the replaced
 * database's (the cloud holds the lost sales' numbers), so does the catalog's clock, and it takes the
 * database's name in one rename. A refused file
 * leaves the database as it was and drops the marker. Returns whether a restore was applied.
 */
export function applyPendingRestore(dataDir: string, knownVersion: number, now: Date): boolean {
  const markerFile = join(dataDir, RESTORE_MARKER);
  if (!existsSync(markerFile)) return false;
  const marker = JSON.parse(readFileSync(markerFile, "utf8")) as RestoreMarker;
  const dbFile = join(dataDir, DATABASE_FILE);
  try {
    restoreFileInto(dbFile, marker.file, knownVersion, now, marker.cloudLastSeq ?? 0);
  } finally {
    rmSync(markerFile, { force: true });
  }
  return true;
}

interface TerminalNumbering {
  id: string;
  sale: number;
  ret: number;
}

/** Replaces the (closed) database `dbFile` with `backupFile`; throws in Spanish and changes nothing if refused. */
export function restoreFileInto(
  dbFile: string,
  backupFile: string,
  knownVersion: number,
  now: Date,
  cloudLastSeq = 0,
): void {
  const facts = inspectBackupFile(backupFile);
  // The cloud's high-water too: it covers a replaced database that was itself lost or damaged.
  let floor = cloudLastSeq;
  let lost = 0;
  let numbering: TerminalNumbering[] = [];
  let clock = null as { wall: number; counter: number } | null;
  if (existsSync(dbFile)) {
    const live = new Database(dbFile, { fileMustExist: true });
    try {
      checkRestorable(facts, factsOf(live), knownVersion);
      floor = Math.max(floor, hasTable(live, "outbox") ? seqHighWater(live) : 0);
      lost = hasTable(live, "sales") ? salesMissingFrom(live, backupFile).missing : 0;
      numbering = live
        .prepare("SELECT id, next_sale_number AS sale, next_return_number AS ret FROM terminals")
        .all() as TerminalNumbering[];
      if (hasTable(live, "hlc_state"))
        clock = (live.prepare("SELECT wall, counter FROM hlc_state WHERE id = 1").get() ??
          null) as typeof clock;
    } finally {
      live.close();
    }
  } else checkRestorable(facts, null, knownVersion);
  const incoming = `${dbFile}.restoring`;
  rmSync(incoming, { force: true });
  copyFileSync(backupFile, incoming);
  try {
    const db = new Database(incoming, { fileMustExist: true });
    try {
      db.transaction(() => {
        if (hasTable(db, "outbox")) {
          const own = seqHighWater(db);
          const next = Math.max(own, floor);
          db.prepare("DELETE FROM sqlite_sequence WHERE name = 'outbox'").run();
          db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)").run(next);
        }
        // The cloud keeps the lost sales and their numbers: a till never hands out a number twice.
        const renumber = db.prepare(
          "UPDATE terminals SET next_sale_number = max(next_sale_number, ?), next_return_number = max(next_return_number, ?) WHERE id = ?",
        );
        for (const t of numbering) renumber.run(t.sale, t.ret, t.id);
        // The catalog's hybrid logical clock never goes back: edits the cloud already has from this appliance
        // stay older than the restored appliance's next ones (sync/src/download, last-writer-wins).
        if (clock && hasTable(db, "hlc_state"))
          db.prepare(
            "UPDATE hlc_state SET wall = ?, counter = ? WHERE id = 1 AND (wall < ? OR (wall = ? AND counter < ?))",
          ).run(clock.wall, clock.counter, clock.wall, clock.wall, clock.counter);
        if (hasTable(db, "backup_restores"))
          db.prepare(
            "INSERT INTO backup_restores (id, restored_at, file, seq_floor, sales_lost) VALUES (?, ?, ?, ?, ?)",
          ).run(newId(), now.toISOString(), basename(backupFile), floor, lost);
      })();
      db.pragma("journal_mode = DELETE");
    } finally {
      db.close();
    }
    // The replaced database's WAL and shared memory must not be read as the new file's.
    rmSync(`${dbFile}-wal`, { force: true });
    rmSync(`${dbFile}-shm`, { force: true });
    renameSync(incoming, dbFile);
  } catch (err) {
    rmSync(incoming, { force: true });
    rmSync(`${incoming}-journal`, { force: true });
    throw err;
  }
}
