import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Sql } from "./sql.js";

const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));
const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;
/** Any constant: concurrent starts (two service instances) take turns applying a migration. */
const MIGRATION_LOCK = 8430_0001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => FILE_PATTERN.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(`${dir}/${name}`, "utf8");
      return {
        version: Number(name.slice(0, 4)),
        name,
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
      };
    });
}

interface Applied {
  version: number;
  name: string;
  checksum: string;
}

/** Refuses a database whose applied migrations differ from the files: a landed migration is never edited. */
function checkApplied(applied: Applied[], migrations: Migration[]): void {
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file)
      throw new Error(`La base tiene la migración ${row.name}, que no existe en esta versión de Mostrador`);
    if (file.checksum !== row.checksum)
      throw new Error(`La migración ${row.name} fue modificada después de aplicarse`);
  }
}

/**
 * Applies pending migrations, each in its own transaction, as the connection's role — which must be
 * the owner (superuser or a BYPASSRLS role), never the service role. Returns how many were applied.
 */
export async function migrate(owner: Sql, migrations = loadMigrations()): Promise<number> {
  await owner.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now());
    REVOKE ALL ON schema_migrations FROM PUBLIC;`);
  const applied = await owner.query<Applied>(
    "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
  );
  checkApplied(applied, migrations);
  const done = new Set(applied.map((r) => r.version));
  let count = 0;
  for (const m of migrations) {
    if (done.has(m.version)) continue;
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
