import { type AppliedMigration, type Migration, pendingMigrations } from "./migrations.js";

/** What the runner needs of a PostgreSQL connection, node-postgres or PGlite (the cloud's Sql has it). */
export interface PgQueryable {
  query<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
}
export interface PgDatabase extends PgQueryable {
  tx<T>(fn: (q: PgQueryable) => Promise<T>): Promise<T>;
}

/** Any constant: concurrent starts (two service instances) take turns applying a migration. */
const MIGRATION_LOCK = 8430_0001;

/**
 * Applies the pending migrations, each in its own transaction, as the connection's role — which must be
 * the owner (superuser or a BYPASSRLS role), never the service role. Returns how many were applied
 * (by this instance: one applied by another while this one waited for the lock is not counted).
 */
export async function migratePostgres(owner: PgDatabase, migrations: readonly Migration[]): Promise<number> {
  await owner.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now());
    REVOKE ALL ON schema_migrations FROM PUBLIC;`);
  const applied = await owner.query<AppliedMigration>(
    "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
  );
  let count = 0;
  for (const m of pendingMigrations(applied, migrations)) {
    const didApply = await owner.tx(async (q) => {
      await q.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      // Another instance may have applied it while we waited for the lock.
      const again = await q.query("SELECT 1 FROM schema_migrations WHERE version = $1", [m.version]);
      if (again.length > 0) return false;
      await q.exec(m.sql);
      await q.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [
        m.version,
        m.name,
        m.checksum,
      ]);
      return true;
    });
    if (didApply) count++;
  }
  return count;
}
