import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import { isUuid, type Queryable } from "../db/sql.js";
import type { IngestScope, Projections } from "./handlers.js";
import type { RejectedOp } from "./validate-ops.js";

/** Tables whose id column is uuid (the rest of what ingest writes keys rows by the appliance's text ids). */
const UUID_ID_TABLES = new Set(["products", "online_orders"]);

/**
 * The ops that name a row of ANOTHER store of the tenant (each entity declares which tables and ids in
 * its registration's `owns`): refused before anything of the batch is applied, so an appliance can
 * never void, close, overwrite or re-point another store's sales, sessions, alarms or products.
 * Rows with no store (tenant-wide products) are not refused here; their projection decides.
 */
export async function opsOfOtherStores(
  q: Queryable,
  scope: IngestScope,
  ops: IngestOp[],
  projections: Projections,
): Promise<RejectedOp[]> {
  const wanted = new Map<string, { id: string; op: IngestOp; reason: string }[]>();
  for (const op of ops)
    for (const owned of projections.get(op.entity)?.owns ?? [])
      for (const id of owned.ids(op)) {
        if (typeof id !== "string" || (UUID_ID_TABLES.has(owned.table) && !isUuid(id))) continue;
        const list = wanted.get(owned.table) ?? [];
        list.push({ id, op, reason: owned.reason });
        wanted.set(owned.table, list);
      }
  const refused = new Map<string, RejectedOp>();
  for (const [table, list] of wanted) {
    const idType = UUID_ID_TABLES.has(table) ? "uuid" : "text";
    // One primary-key probe per id, forced by the LATERAL ... LIMIT 1: with `id = ANY(...)` the planner,
    // misled by statistics older than a fast-growing table, scanned every sale of the tenant per batch
    // (3 of the 20 s a 100,000-sale drain took, and growing with the table).
    const rows = await q.query<{ id: string }>(
      `SELECT w.id::text AS id FROM unnest($1::${idType}[]) AS w(id)
       CROSS JOIN LATERAL (SELECT 1 FROM ${table} t
         WHERE t.tenant_id = $3 AND t.id = w.id AND t.store_id <> $2 LIMIT 1) AS foreign_row`,
      [[...new Set(list.map((w) => w.id))], scope.storeId, scope.tenantId],
    );
    const foreign = new Set(rows.map((r) => r.id));
    for (const w of list)
      if (foreign.has(w.id) && !refused.has(w.op.id)) refused.set(w.op.id, { id: w.op.id, reason: w.reason });
  }
  return [...refused.values()];
}
