import { openPgSql } from "../db/pg.js";
import type { Queryable, Sql } from "../db/sql.js";
import { Refusal } from "@mostrador/contracts/refusal";

/** The role every operator query runs as (operator/migrations): NOBYPASSRLS, SELECT-only policies on tenant tables. */
export const OPERATOR_ROLE = "mostrador_operator";

/**
 * The operator's database: ONE door, `run`, a transaction whose first statement is `SET LOCAL ROLE
 * mostrador_operator`, so every operator query runs as that role and nothing else does. Where it
 * connects: CLOUD_OPERATOR_DATABASE_URL (a LOGIN member of mostrador_operator, e.g.
 * `mostrador_operator_service`, in production); without it, the service's own connection, which on
 * PGlite (its session user is the superuser) may take the role for one transaction, and on PostgreSQL
 * (mostrador_service is not a member) cannot: the console then answers 503 `operator_console_off`.
 */
export interface OperatorDb {
  run<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const CONSOLE_OFF = () =>
  new Refusal(
    "unavailable",
    "operator_console_off",
    "La consola del operador no está configurada en este servicio (CLOUD_OPERATOR_DATABASE_URL)",
  );

/** PostgreSQL's insufficient_privilege (SET ROLE to a role the login is not a member of). */
const isDenied = (err: unknown) => (err as { code?: unknown } | null)?.code === "42501";

export function openOperatorDb(serviceSql: Sql, databaseUrl?: string): OperatorDb {
  const own = databaseUrl ? openPgSql({ connectionString: databaseUrl, role: OPERATOR_ROLE, max: 3 }) : null;
  const base = own ?? serviceSql;
  return {
    async run(fn) {
      return base.tx(async (q) => {
        try {
          await q.exec(`SET LOCAL ROLE ${OPERATOR_ROLE}`);
        } catch (err) {
          if (isDenied(err)) throw CONSOLE_OFF();
          throw err;
        }
        return fn(q);
      });
    },
    async close() {
      await own?.close();
    },
  };
}
