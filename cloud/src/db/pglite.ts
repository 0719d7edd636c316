import { PGlite } from "@electric-sql/pglite";
import { migrate, type Migration } from "./migrate.js";
import { pgliteTemplate, savePgliteTemplate } from "./pglite-template.js";
import { SERVICE_ROLE } from "./pg.js";
import {
  assertNotInsideTx,
  parseInt8,
  quoteIdent,
  runInsideTx,
  withTenantVia,
  type Queryable,
  type Row,
  type Sql,
} from "./sql.js";

export interface PgliteSqlOptions {
  /** Directory persisted on disk; omitted → in memory (tests). */
  dataDir?: string;
  /**
   * The migrations to apply as the owner before switching role (modules.ts `cloudMigrations()`), or
   * false for none (a tool that only reads an existing database).
   */
  migrate: readonly Migration[] | false;
  /** Role to act as after migrating. Default the service role; null keeps the superuser (owner tools only). */
  role?: string | null;
}

const INT8_OID = 20;

function queryable(db: PGlite): Queryable {
  return {
    async query<T = Row>(text: string, params?: readonly unknown[]) {
      return (await db.query<T>(text, params as unknown[] | undefined)).rows;
    },
    async exec(text: string) {
      await db.exec(text);
    },
  };
}

/** Runs tasks one at a time: PGlite is a single connection, so two transactions must never interleave. */
function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => {});
    return run;
  };
}

/**
 * PGlite (Postgres compiled to WASM, in-process): the embedded default so `npm start` needs nothing
 * installed. Its only user is a superuser, who bypasses RLS: after migrating as that owner we
 * `SET ROLE` to the service role once, for the whole (single) session.
 */
export async function openPgliteSql(options: PgliteSqlOptions): Promise<Sql> {
  // In a test run, a new database starts as the run's migrated copy (pglite-template.ts); never in production.
  const template = options.migrate === false ? null : pgliteTemplate(options.migrate, options.dataDir);
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(template ? { loadDataDir: template } : {}),
    parsers: { [INT8_OID]: parseInt8 },
  });
  const serial = serialQueue();
  const raw = queryable(db);

  const sql: Sql = {
    query<T = Row>(text: string, params?: readonly unknown[]) {
      assertNotInsideTx();
      return serial(() => raw.query<T>(text, params));
    },
    exec(text: string) {
      assertNotInsideTx();
      return serial(() => raw.exec(text));
    },
    tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      assertNotInsideTx();
      return serial(async () => {
        await db.query("BEGIN");
        try {
          const result = await runInsideTx(() => fn(raw));
          await db.query("COMMIT");
          return result;
        } catch (err) {
          await db.query("ROLLBACK");
          throw err;
        }
      });
    },
    withTenant: undefined as unknown as Sql["withTenant"],
    async listen(channel, onNotify, onListening) {
      // One connection: LISTEN is a statement like any other, so it queues behind open transactions.
      const unlisten = await serial(() => db.listen(channel, onNotify));
      // In-process: there is no connection to lose.
      onListening?.(true);
      return () => serial(() => unlisten());
    },
    async close() {
      await serial(() => db.close());
    },
  };
  sql.withTenant = withTenantVia(sql);

  try {
    if (options.migrate !== false) {
      const applied = await migrate(sql, options.migrate);
      if (!template && applied === options.migrate.length) await savePgliteTemplate(db, options.migrate);
    }
    const role = options.role === undefined ? SERVICE_ROLE : options.role;
    if (role !== null) await sql.query(`SET ROLE ${quoteIdent(role)}`);
  } catch (err) {
    await db.close();
    throw err;
  }
  return sql;
}
