import { type AppliedMigration, type Migration, pendingMigrations } from "./migrations.js";

/** What the runner needs of a better-sqlite3 database (its own type satisfies it). */
export interface SqliteDatabase {
  exec(source: string): unknown;
  prepare(source: string): { all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
  transaction(fn: () => void): () => void;
}

/**
 * Applies the pending migrations to a SQLite database, each in its own transaction with its record in
 * schema_migrations (the table every appliance data directory already has, unchanged). Synchronous, as
 * better-sqlite3 is: the appliance opens its database before anything else runs. Returns how many ran.
 */
export function migrateSqlite(db: SqliteDatabase, migrations: readonly Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db
    .prepare("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
    .all() as AppliedMigration[];
  const record = db.prepare(
    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
  );
  const pending = pendingMigrations(applied, migrations);
  for (const m of pending)
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, m.checksum, new Date().toISOString());
    })();
  return pending.length;
}
