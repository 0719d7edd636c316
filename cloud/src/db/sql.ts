import { AsyncLocalStorage } from "node:async_hooks";

/** A row as the driver returns it: uuid/text → string, int4/int8 (when safe) → number, timestamptz → Date. */
export type Row = Record<string, unknown>;

/** Something that runs statements: the whole database, or one open transaction. */
export interface Queryable {
  /** One statement with $1..$n parameters; returns its rows. */
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations, fixtures). */
  exec(text: string): Promise<void>;
}

/**
 * The one SQL layer over PostgreSQL (pg Pool) and PGlite.
 *
 * Tenant scoping: row-level security reads `app.tenant_id`, which `withTenant` sets with
 * `set_config(..., true)`: transaction-local, so it vanishes at COMMIT/ROLLBACK and a pooled
 * connection can never carry one tenant's setting into another request.
 */
export interface Sql extends Queryable {
  /** Runs fn in one transaction on one connection; a throw rolls everything back. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** tx with app.tenant_id set for that transaction only: RLS shows and accepts only this tenant's rows. */
  withTenant<T>(tenantId: string, fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` with the payload of each NOTIFY on `channel` (sent at COMMIT, so only committed
   * work is announced) until the returned stop is awaited. Delivery is best effort: a lost connection
   * misses what is sent meanwhile, so listeners keep a slower safety net (a poll). `onListening` is told
   * when the LISTEN holds (true: from the first connect and after each reconnect) and when it is lost
   * (false): a listener can rely on notifications alone while it holds, and catch up on what a lost
   * connection missed once it holds again.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onListening?: (listening: boolean) => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/**
 * Sets the tenant for the rest of the current transaction. Use it inside `tx` when the tenant is only
 * learned mid-transaction (enrollment learns it from the pairing code); otherwise prefer `withTenant`.
 */
export async function setTenant(q: Queryable, tenantId: string): Promise<void> {
  // A malformed id would make every policy's ::uuid cast fail later with a cryptic error: refuse it here.
  if (!isUuid(tenantId)) throw new Error(`tenant id inválido: ${String(tenantId)}`);
  // is_local = true: transaction-local, never session-wide (see the Sql doc comment).
  await q.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
}

/** withTenant for any adapter, built on its tx. */
export function withTenantVia(sql: Pick<Sql, "tx">) {
  return <T>(tenantId: string, fn: (q: Queryable) => Promise<T>): Promise<T> =>
    sql.tx(async (q) => {
      await setTenant(q, tenantId);
      return fn(q);
    });
}

/**
 * Marks code running inside a transaction callback. Calling the outer `sql.query`/`sql.tx` from there is
 * a bug: on PGlite (one connection) it would wait forever for the transaction that is waiting for it,
 * and on pg it would run outside the transaction (and outside its tenant). We throw instead.
 */
const insideTx = new AsyncLocalStorage<true>();

export function runInsideTx<T>(fn: () => Promise<T>): Promise<T> {
  return insideTx.run(true, fn);
}

export function assertNotInsideTx(): void {
  if (insideTx.getStore())
    throw new Error(
      "sql.query/sql.tx llamado dentro de una transacción: usá el `q` que recibe la función de tx/withTenant",
    );
}

/** int8 (count(*), sums) as a JS number when exact, else as a string so nothing is silently rounded. */
export function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

/** "name" for SQL, doubling embedded quotes (role names in SET ROLE cannot be parameters). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
