import { createHash } from "node:crypto";
import type { Queryable, Sql } from "../db/sql.js";
import { compactsClocks, textRowSql, withCompactClocks, type ShapeTable } from "./shape-tables.js";

/** One shape as one appliance sees it: table, its tenant (RLS) and store, and the columns asked for. */
export interface ShapeScope {
  tenantId: string;
  storeId: string;
  table: ShapeTable;
  columns: string[];
  /** Products' clocks in the compact form (the appliance asked: contracts' COMPACT_CLOCKS_HEADER). */
  compactClocks?: boolean;
}

/** A snapshot row: its key, and its text row as JSON text. */
export interface SnapshotRow {
  pk: string;
  value: string;
}

export interface LogRow {
  lsn: number;
  pk: string;
  op: "insert" | "update" | "delete";
  row: Record<string, unknown>;
}

/** The shape's current handle and what decides whether an older one may continue. */
export interface CurrentHandle {
  handle: string;
  compactedThrough: number;
  /** The shape's identity part of every handle of it (the part before "-<generation>"). */
  digest: string;
  generation: number;
  /** Handles of this generation or later continue when their offset is at or past compactedThrough. */
  resumableFrom: number;
}

/**
 * The shape's handle: a digest of what the shape is (table, tenant, store, columns) plus the log's
 * generation. Another tenant's or store's handle never matches; a trim (a new generation) sends only
 * the tills behind it to 409 must-refetch, a compaction every older handle.
 */
export async function currentHandle(q: Queryable, scope: ShapeScope): Promise<CurrentHandle> {
  const [gen] = await q.query<{
    generation: number;
    compacted_through: number | string;
    resumable_from: number;
  }>("SELECT generation, compacted_through, resumable_from FROM shape_generations WHERE table_name = $1", [
    scope.table.name,
  ]);
  const digest = createHash("sha256")
    .update(`${scope.table.name}|${scope.tenantId}|${scope.storeId}|${scope.columns.join(",")}`)
    .digest("hex")
    .slice(0, 16);
  const generation = gen?.generation ?? 1;
  return {
    handle: `${digest}-${generation}`,
    compactedThrough: Number(gen?.compacted_through ?? 0),
    digest,
    generation,
    resumableFrom: gen?.resumable_from ?? 1,
  };
}

/**
 * Whether a till holding `handle` at `afterLsn` may go on from there: the same shape, a generation
 * still resumable, and nothing it lacks trimmed away. Otherwise it gets 409 must-refetch.
 */
export function handleContinues(
  current: CurrentHandle,
  handle: string | undefined,
  afterLsn: number,
): boolean {
  const match = /^([0-9a-f]{16})-(\d{1,9})$/.exec(handle ?? "");
  if (!match || match[1] !== current.digest) return false;
  const generation = Number(match[2]);
  return (
    generation >= current.resumableFrom &&
    generation <= current.generation &&
    afterLsn >= current.compactedThrough
  );
}

/**
 * Every current row of the shape and the log position they reflect, read by ONE statement so both
 * come from the same snapshot: the client continues from `head` and misses nothing, repeats nothing.
 * Each row comes as its key and its text row already as JSON text (textRowSql), in no particular
 * order (as Electric's snapshots): sorting 50,000 rows of a kilobyte spilled to disk and cost more than
 * the rest of the query, and the appliance applies a snapshot as a whole.
 */
export async function readSnapshot(
  q: Queryable,
  scope: ShapeScope,
): Promise<{ head: number; rows: SnapshotRow[] }> {
  const { text, params } = snapshotSql(scope);
  const result = await q.query<SnapshotSqlRow>(text, params);
  return { head: Number(result[0]?.head ?? 0), rows: snapshotRows(result) };
}

/**
 * `clocks`: the row's clocks apart, to add compact to `value` (withCompactClocks); null when `value`
 * is already the whole text (a product's precomputed one).
 */
type SnapshotSqlRow = { head: number | string; pk: string | null; value: string | null; clocks?: unknown };

/** The one statement of a snapshot: the log head beside every row (a shape with no rows: one, nulls). */
function snapshotSql(scope: ShapeScope): { text: string; params: unknown[] } {
  const t = scope.table;
  const compact = scope.compactClocks === true && scope.columns.some((c) => compactsClocks(t, c));
  const built = `SELECT ${t.storeView?.row ?? "to_jsonb(t)"} AS r FROM ${t.name} t ${t.storeView?.join ?? ""}`;
  const rows = usesWireText(scope)
    ? // Products with their precomputed text (shapes 0046: what `built` would give for a row with no
      // store override, written under this session's time zone); the rest built as below. OFFSET 0
      // keeps the row expression evaluated once per row, not once per column that reads it.
      `SELECT t.id::text AS pk, w.wire_text AS value, NULL::jsonb AS clocks
         FROM products t ${t.storeView?.join ?? ""}
         JOIN product_wire_rows w ON w.tenant_id = t.tenant_id AND w.product_id = t.id
                                 AND w.tz = current_setting('TimeZone')
        WHERE ${t.storeFilter} AND o.product_id IS NULL
       UNION ALL
       SELECT b.r ->> 'id', ${textRowSql(t, scope.columns, "b.r", true)}, COALESCE(b.r -> 'field_hlc', '{}')
         FROM (${built}
                 LEFT JOIN product_wire_rows w ON w.tenant_id = t.tenant_id AND w.product_id = t.id
                                              AND w.tz = current_setting('TimeZone')
                WHERE ${t.storeFilter} AND (o.product_id IS NOT NULL OR w.product_id IS NULL) OFFSET 0) b`
    : // OFFSET 0 here too: without it the row expression (a store view's override merge) ran once per
      // column read from it, 20 calls a row (pg_stat_statements in `npm run load -- --statements`).
      `SELECT s.r ->> '${t.key}' AS pk, ${textRowSql(t, scope.columns, "s.r", compact)} AS value
              ${compact ? ", s.r -> 'field_hlc' AS clocks" : ""}
         FROM (${built} WHERE ${t.storeFilter} OFFSET 0) s`;
  return {
    text: `SELECT h.head, s.pk, s.value ${compact ? ", s.clocks" : ""}
       FROM (SELECT GREATEST(
                      (SELECT COALESCE(max(lsn), 0) FROM shape_log WHERE table_name = $2),
                      (SELECT COALESCE(max(compacted_through), 0) FROM shape_generations WHERE table_name = $2)
                    ) AS head) h
       LEFT JOIN (${rows}) s ON true`,
    params: [scope.storeId, t.name],
  };
}

/**
 * Whether the snapshot can take products' precomputed texts: they hold every column, in the table's
 * order, with compact clocks (what an appliance asks for); any other request builds its rows.
 */
function usesWireText(scope: ShapeScope): boolean {
  const t = scope.table;
  return (
    t.name === "products" &&
    scope.compactClocks === true &&
    scope.columns.join(",") === Object.keys(t.columns).join(",")
  );
}

/** The rows with a key (a shape with no rows gives one of nulls), clocks made compact when asked apart. */
const snapshotRows = (result: SnapshotSqlRow[]): SnapshotRow[] =>
  result.flatMap((r) =>
    r.pk !== null && r.value !== null
      ? [
          {
            pk: r.pk,
            value:
              r.clocks !== undefined && r.clocks !== null ? withCompactClocks(r.value, r.clocks) : r.value,
          },
        ]
      : [],
  );

/**
 * readSnapshot in pages of `pageRows`, through a cursor over the same one statement (so every page
 * comes from the statement's one snapshot, head included): `onPage` gets each page as Postgres
 * produces it, so the answer starts going out before the last row is read. Runs inside the caller's
 * transaction (a cursor lives in one). Returns the head.
 */
export async function readSnapshotInPages(
  q: Queryable,
  scope: ShapeScope,
  pageRows: number,
  onPage: (head: number, rows: SnapshotRow[]) => void,
): Promise<number> {
  const { text, params } = snapshotSql(scope);
  await q.query(`DECLARE shape_snapshot NO SCROLL CURSOR FOR ${text}`, params);
  let head = 0;
  for (;;) {
    const page = await q.query<SnapshotSqlRow>(`FETCH ${Math.trunc(pageRows)} FROM shape_snapshot`);
    if (page[0]) head = Number(page[0].head);
    onPage(head, snapshotRows(page));
    if (page.length < pageRows) break;
  }
  await q.query("CLOSE shape_snapshot");
  return head;
}

/** Log rows of the shape after `afterLsn`, oldest first, at most `limit`. */
export async function readChanges(
  q: Queryable,
  scope: ShapeScope,
  afterLsn: number,
  limit: number,
): Promise<LogRow[]> {
  const rows = await q.query<LogRow>(
    `SELECT t.lsn, t.pk, t.op, t.row FROM shape_log t
      WHERE t.table_name = $2 AND t.lsn > $3 AND (t.store_id IS NULL OR t.store_id = $1)
      ORDER BY t.lsn LIMIT $4`,
    [scope.storeId, scope.table.name, afterLsn, limit],
  );
  return rows.map((r) => ({ ...r, lsn: Number(r.lsn) }));
}

/**
 * Drops the tenant's log of one table (the tables keep the current rows) and starts a new generation:
 * clients holding an older handle get 409 must-refetch and re-read the snapshot. Run when the log has
 * grown large; the appliance's consumer recovers by itself.
 */
export async function compactShapeLog(sql: Sql, tenantId: string, table: ShapeTable["name"]): Promise<void> {
  await sql.withTenant(tenantId, async (q) => {
    const [{ head }] = (await q.query<{ head: number | string }>(
      "SELECT COALESCE(max(lsn), 0) AS head FROM shape_log WHERE table_name = $1",
      [table],
    )) as [{ head: number | string }];
    await q.query("DELETE FROM shape_log WHERE table_name = $1 AND lsn <= $2", [table, head]);
    await q.query(
      `INSERT INTO shape_generations (tenant_id, table_name, generation, compacted_through, resumable_from)
       VALUES ($1, $2, 2, $3, 2)
       ON CONFLICT (tenant_id, table_name)
       DO UPDATE SET generation = shape_generations.generation + 1, compacted_through = EXCLUDED.compacted_through,
                     resumable_from = shape_generations.generation + 1`,
      [tenantId, table, head],
    );
  });
}

/**
 * Drops the tenant's log rows of one table logged before `before` (the tables keep the current rows),
 * raises its compacted point to the newest row dropped and starts a new generation that older handles
 * may resume from (handleContinues): a till at or past that point goes on and takes the new handle
 * from its next answer; only one behind it (offline longer than the horizon) gets 409 must-refetch
 * with a handle it has not seen (Electric's client refuses a 409 naming the handle it sent) and
 * re-reads the snapshot. Returns how many rows went.
 */
export async function trimShapeLog(
  sql: Sql,
  tenantId: string,
  table: ShapeTable["name"],
  before: Date,
): Promise<number> {
  return sql.withTenant(tenantId, async (q) => {
    // Visible lsns of a tenant have no gaps below them (the capture trigger's per-tenant lock), so
    // every row up to `through` is committed and none can appear below it later.
    const [{ through }] = (await q.query<{ through: number | string | null }>(
      "SELECT max(lsn) AS through FROM shape_log WHERE table_name = $1 AND logged_at < $2",
      [table, before],
    )) as [{ through: number | string | null }];
    if (through === null) return 0;
    const [deleted] = await q.query<{ n: number }>(
      `WITH gone AS (DELETE FROM shape_log WHERE table_name = $1 AND lsn <= $2 RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [table, through],
    );
    await q.query(
      `INSERT INTO shape_generations (tenant_id, table_name, generation, compacted_through, resumable_from)
       VALUES ($1, $2, 2, $3, 1)
       ON CONFLICT (tenant_id, table_name)
       DO UPDATE SET generation = shape_generations.generation + 1,
                     compacted_through = GREATEST(shape_generations.compacted_through, EXCLUDED.compacted_through)`,
      [tenantId, table, through],
    );
    return deleted?.n ?? 0;
  });
}
