import { closeSync, openSync, readSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { Db } from "@mostrador/kernel/db/open";

/** What a backup file holds, once it passed every check. */
export interface BackupFacts {
  /** The highest migration applied in it, and how many. */
  schemaVersion: number;
  migrations: number;
  shopUid: string | null;
  /** The store the backup was paired with (sync_credentials), when it was. */
  storeId: string | null;
}

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

const refuse = (code: string, message: string): never => {
  throw new DomainError("invalid", code, message);
};

/** The first 16 bytes: SQLite's magic string, so a stray file is refused before SQLite opens it. */
function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** The facts a database states about itself (the live one or a copy): migrations, identity, store. */
export function factsOf(db: Db): BackupFacts {
  const hasTable = (name: string) =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  if (!hasTable("schema_migrations"))
    refuse("backup_not_mostrador", "El archivo es una base SQLite pero no es una copia de Mostrador");
  const m = db.prepare("SELECT max(version) AS v, count(*) AS n FROM schema_migrations").get() as {
    v: number | null;
    n: number;
  };
  const shopUid = hasTable("backup_identity")
    ? ((
        db.prepare("SELECT shop_uid AS u FROM backup_identity WHERE id = 1").get() as
          { u: string } | undefined
      )?.u ?? null)
    : null;
  const storeId = hasTable("sync_credentials")
    ? ((
        db.prepare("SELECT store_id AS s FROM sync_credentials WHERE id = 1").get() as
          { s: string } | undefined
      )?.s ?? null)
    : null;
  return { schemaVersion: m.v ?? 0, migrations: m.n, shopUid, storeId };
}

/**
 * Opens a backup read-only and checks it is whole: a SQLite file (header), `PRAGMA integrity_check` = ok, and
 * a Mostrador schema. Throws a DomainError in Spanish otherwise. Never writes to the file.
 */
export function inspectBackupFile(file: string): BackupFacts {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) refuse("backup_not_a_file", `"${file}" no es un archivo`);
    size = st.size;
  } catch (err) {
    if (err instanceof DomainError) throw err;
    return refuse("backup_not_found", `No se encuentra el archivo de copia "${file}"`);
  }
  if (size < 512 || !hasSqliteHeader(file))
    refuse(
      "backup_not_a_database",
      "El archivo no es una copia de seguridad: no es una base de datos SQLite",
    );
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma("integrity_check") as { integrity_check: string }[];
    if (check.length !== 1 || check[0]?.integrity_check !== "ok")
      refuse("backup_damaged", "La copia está dañada (falló la verificación de integridad de SQLite)");
    return factsOf(db);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    // SQLITE_CORRUPT, SQLITE_NOTADB, a truncated file: SQLite says so on open or on the first read.
    return refuse(
      "backup_damaged",
      `La copia está dañada o incompleta: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    db?.close();
  }
}

/**
 * Whether `backup` may replace the database described by `current` on an appliance that knows migrations up
 * to `knownVersion`: same shop, same store, not a newer schema. Throws a DomainError in Spanish.
 */
export function checkRestorable(
  backup: BackupFacts,
  current: BackupFacts | null,
  knownVersion: number,
): void {
  if (backup.schemaVersion > knownVersion)
    refuse(
      "backup_newer_schema",
      `La copia es de una versión más nueva de Mostrador (esquema ${backup.schemaVersion}; esta versión conoce hasta ${knownVersion}): actualizá el programa antes de restaurarla`,
    );
  if (!current) return;
  if (backup.shopUid && current.shopUid && backup.shopUid !== current.shopUid)
    refuse("backup_other_shop", "La copia es de otro negocio: no se puede restaurar en este equipo");
  if (backup.storeId && current.storeId && backup.storeId !== current.storeId)
    refuse(
      "backup_other_shop",
      "La copia es de otra sucursal vinculada a la nube: no se puede restaurar aquí",
    );
}
