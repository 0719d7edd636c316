import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { migrate, type Migration } from "../db/migrate.js";
import { cloudMigrations } from "../modules.js";
import { openPgSql } from "../db/pg.js";
import type { Sql } from "../db/sql.js";

export interface TestDatabase {
  /** Connected as production connects: LOGIN role mostrador_service, SET ROLE mostrador_app. RLS applies. */
  sql: Sql;
  /** The migration owner (superuser): set-up and inspection only, never to prove isolation. */
  owner: Sql;
  /** Service connection string (for code that opens its own pool, e.g. startCloud). */
  url: string;
  ownerUrl: string;
  /** The operator's console login (mostrador_operator_service → mostrador_operator): CLOUD_OPERATOR_DATABASE_URL. */
  operatorUrl: string;
  /** Closes both pools and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh database in the run's throwaway cluster, migrated as the owner (by default with every
 * module's migrations; a test of upgrades passes an older set). One per test file (beforeAll),
 * dropped in afterAll; files run in parallel without sharing rows. It is created as a copy of a
 * template database migrated once per run with the same set (PostgreSQL's CREATE DATABASE … TEMPLATE),
 * then the runner checks every recorded checksum against the files, as it would a shop's.
 */
export async function createTestDatabase(
  migrations: readonly Migration[] = cloudMigrations(),
): Promise<TestDatabase> {
  const cluster = inject("cloudPostgres");
  if (!cluster)
    throw new Error(
      "No hay PostgreSQL de prueba: el globalSetup de vitest (cloud/src/test-support/global-setup.ts) " +
        "solo lo inicia cuando la corrida incluye tests de cloud/ o sync/. ¿Está en vitest.config.ts?",
    );
  const name = `mostrador_test_${randomBytes(6).toString("hex")}`;
  const base = `postgresql://${cluster.superuser}@${cluster.host}:${cluster.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const template = await migratedTemplate(admin, base, migrations);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const ownerUrl = `${base}/${name}`;
  const url = `postgresql://${cluster.serviceUser}@${cluster.host}:${cluster.port}/${name}`;
  const owner = openPgSql({ connectionString: ownerUrl, role: null, max: 2 });
  try {
    await migrate(owner, migrations);
  } catch (err) {
    await owner.close();
    throw err;
  }
  const sql = openPgSql({ connectionString: url, max: 5 });
  return {
    sql,
    owner,
    url,
    ownerUrl,
    operatorUrl: `postgresql://${cluster.operatorUser}@${cluster.host}:${cluster.port}/${name}`,
    async drop() {
      await sql.close();
      await owner.close();
      const dropper = new pg.Client({ connectionString: `${base}/postgres` });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * The run's template database for this set of migrations (keyed by their names and sha256), migrated by
 * the first test file that needs it. An advisory lock makes the other worker wait for it instead of
 * building it twice; it is migrated under another name and renamed when complete, so a template that
 * exists is whole.
 */
async function migratedTemplate(
  admin: pg.Client,
  base: string,
  migrations: readonly Migration[],
): Promise<string> {
  const key = createHash("sha256")
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 24);
  const template = `mostrador_template_${key}`;
  await admin.query("SELECT pg_advisory_lock(hashtext($1))", [template]);
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    if (found.rowCount) return template;
    const building = `${template}_building`;
    await admin.query(`DROP DATABASE IF EXISTS ${building}`);
    await admin.query(`CREATE DATABASE ${building}`);
    const owner = openPgSql({ connectionString: `${base}/${building}`, role: null, max: 1 });
    try {
      await migrate(owner, migrations);
    } finally {
      await owner.close();
    }
    // Waits (as CREATE DATABASE … TEMPLATE does) for the closed connection's server process to leave.
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    return template;
  } finally {
    await admin.query("SELECT pg_advisory_unlock(hashtext($1))", [template]);
  }
}
