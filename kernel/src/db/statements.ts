import type { Statement } from "better-sqlite3";
import type { Db } from "./open.js";

const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement, compiled once per database handle and reused. Preparing costs tens of
 * microseconds; a sale runs dozens of statements, so hot paths (sale commit, scan, search) use this
 * instead of db.prepare(). The SQL text is the key: only pass constant SQL, never interpolated values.
 */
export function stmt<
  BindParameters extends unknown[] | Record<string, unknown> = unknown[],
  Result = unknown,
>(db: Db, sql: string): Statement<BindParameters, Result> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement as unknown as Statement<BindParameters, Result>;
}
