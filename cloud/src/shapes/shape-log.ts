import { createHash } from "node:crypto";
import type { Queryable, Sql } from "../db/sql.js";
import { textRowSql, type ShapeTable } from "./shape-tables.js";

/** One shape as one appliance sees it: table, its tenant (RLS) and store, and the columns asked for. */
export interface ShapeScope {
  tenantId: string;
  storeId: string;
  table: ShapeTable;
  columns: string[];
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

/**
 * The shape's handle: a digest of what the shape is (table, tenant, store, columns) plus the log's
 * generation. Another tenant's or store's handle never matches, and compaction (a new generation)
 * turns every older handle into 409 must-refetch.
 */
export async function currentHandle(
  q: Queryable,
  scope: ShapeScope,
): Promise<{ handle: string; compactedThrough: number }> {
  const [gen] = await q.query<{ generation: number; compacted_through: number }>(
    "SELECT generation, compacted_through FROM shape_generations WHERE table_name = $1",
    [scope.table.name],
  );
  const digest = createHash("sha256")
    .update(`${scope.table.name}|${scope.tenantId}|${scope.storeId}|${scope.columns.join(",")}`)
    .digest("hex")
    .slice(0, 16);
  return {
    handle: `${digest}-${gen?.generation ?? 1}`,
    compactedThrough: Number(gen?.compacted_through ?? 0),
  };
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
  const t = scope.table;
  const result = await q.query<{ head: number | string; pk: string | null; value: string | null }>(
    `SELECT h.head, s.r ->> '${t.key}' AS pk, ${textRowSql(t, scope.columns, "s.r")} AS value
       FROM (SELECT GREATEST(
                      (SELECT COALESCE(max(lsn), 0) FROM shape_log WHERE table_name = $2),
                      (SELECT COALESCE(max(compacted_through), 0) FROM shape_generations WHERE table_name = $2)
                    ) AS head) h
       LEFT JOIN (SELECT ${t.storeView?.row ?? "to_jsonb(t)"} AS r
                    FROM ${t.name} t ${t.storeView?.join ?? ""}
                   WHERE ${t.storeFilter}) s ON true`,
    [scope.storeId, t.name],
  );
  const head = Number(result[0]?.head ?? 0);
  return {
    head,
    rows: result.flatMap((r) => (r.pk !== null && r.value !== null ? [{ pk: r.pk, value: r.value }] : [])),
  };
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
      `INSERT INTO shape_generations (tenant_id, table_name, generation, compacted_through)
       VALUES ($1, $2, 2, $3)
       ON CONFLICT (tenant_id, table_name)
       DO UPDATE SET generation = shape_generations.generation + 1, compacted_through = EXCLUDED.compacted_through`,
      [tenantId, table, head],
    );
  });
}
