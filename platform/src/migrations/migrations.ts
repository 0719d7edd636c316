import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * One numbered schema change. Its number is its identity, across every folder it may come from: a
 * migration file moved to another folder (a module's own) is still the migration the database applied.
 */
export interface Migration {
  version: number;
  /** The file name, "0006_devices.sql": what the database records and what messages name. */
  name: string;
  sql: string;
  /** sha256 of the SQL text: an edited landed migration no longer matches what the database recorded. */
  checksum: string;
}

/** A migration as the database recorded it when it applied it. */
export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

const pad = (version: number) => String(version).padStart(4, "0");

/** A migration from its file name ("0006_devices.sql") and text, wherever the text comes from. */
export function migrationOf(name: string, sql: string): Migration {
  const match = FILE_PATTERN.exec(name);
  if (!match) throw new Error(`La migración ${name} no se llama NNNN_nombre.sql`);
  return {
    version: Number(match[1]),
    name,
    sql,
    checksum: createHash("sha256").update(sql).digest("hex"),
  };
}

/**
 * The numbered migrations (NNNN_name.sql) of one or more folders, as one sequence ordered by number;
 * other files are ignored. Several folders let each part of the product keep its own migrations.
 */
export function loadMigrations(...dirs: string[]): Migration[] {
  const found = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => FILE_PATTERN.test(name))
      .map((name) => migrationOf(name, readFileSync(join(dir, name), "utf8"))),
  );
  return inSequence(found);
}

/**
 * Ordered by number, starting at 0001, each number once: two migrations with one number (two folders
 * that both wrote 0015) or a missing number would make the order of schema changes a guess, so both are
 * refused before anything runs.
 */
export function inSequence(migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    const previous = sorted[i - 1];
    if (previous?.version === m.version)
      throw new Error(`Dos migraciones tienen el número ${pad(m.version)}: ${previous.name} y ${m.name}`);
    if (m.version !== i + 1) throw new Error(`Falta la migración número ${pad(i + 1)} (antes de ${m.name})`);
  });
  return sorted;
}

/**
 * What is left to apply, in order. Refuses a database whose applied migrations differ from the ones
 * given: one this version lacks (a newer Mostrador migrated it), or one edited after it was applied (a
 * landed migration is never edited; a schema change is a new migration).
 */
export function pendingMigrations(
  applied: readonly AppliedMigration[],
  migrations: readonly Migration[],
): Migration[] {
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file)
      throw new Error(`La base tiene la migración ${row.name}, que no existe en esta versión de Mostrador`);
    if (file.checksum !== row.checksum)
      throw new Error(`La migración ${row.name} fue modificada después de aplicarse`);
  }
  const done = new Set(applied.map((r) => r.version));
  return inSequence(migrations).filter((m) => !done.has(m.version));
}
