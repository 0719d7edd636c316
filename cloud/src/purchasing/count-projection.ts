import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../db/sql.js";
import type { IngestScope } from "../ingest/handlers.js";

type CountPayload = OpPayload<"stock_count", "started">;

const isClosed = (p: CountPayload) => p.status !== "open";

/** Later state wins: a closed count over an open one, then the newer `at`. */
function newer(a: CountPayload, b: CountPayload): boolean {
  if (isClosed(a) !== isClosed(b)) return isClosed(a);
  return Date.parse(a.at) >= Date.parse(b.at);
}

/**
 * stock_count/started, approved, cancelled: the whole count as it now is. Idempotent (a retry writes the
 * same row) and order-independent: a late "started" never reopens an approved count.
 */
export async function applyStockCountOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const byId = new Map<string, CountPayload>();
  for (const op of ops) {
    const p = op.payload as CountPayload;
    const seen = byId.get(p.id);
    if (!seen || newer(p, seen)) byId.set(p.id, p);
  }
  const rows = [...byId.values()].map((p) => ({
    id: p.id,
    number: p.number,
    scope: p.scope,
    categoryId: p.categoryId,
    status: p.status,
    products: p.products,
    differenceValue: p.lines.reduce((sum, l) => sum + (l.value ?? 0), 0),
    withoutCost: p.lines.filter((l) => l.difference !== 0 && l.value === null).length,
    payload: p,
    startedAt: p.startedAt,
    closedAt: p.closedAt,
    at: p.at,
    closed: isClosed(p),
  }));
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO stock_counts (tenant_id, id, store_id, number, scope, category_id, status, products,
       difference_value, without_cost, payload, started_at, closed_at, at, closed)
     SELECT $1, c.id, $2, c.number, c.scope, c."categoryId", c.status, c.products, c."differenceValue",
       c."withoutCost", c.payload, c."startedAt", c."closedAt", c.at, c.closed
     FROM jsonb_to_recordset($3::jsonb) AS c(id text, number integer, scope text, "categoryId" text,
       status text, products integer, "differenceValue" bigint, "withoutCost" integer, payload jsonb,
       "startedAt" timestamptz, "closedAt" timestamptz, at timestamptz, closed boolean)
     ON CONFLICT (tenant_id, id) DO UPDATE SET status = excluded.status, products = excluded.products,
       difference_value = excluded.difference_value, without_cost = excluded.without_cost,
       payload = excluded.payload, closed_at = excluded.closed_at, at = excluded.at, closed = excluded.closed
     WHERE (stock_counts.closed, stock_counts.at) <= (excluded.closed, excluded.at)`,
    [scope.tenantId, scope.storeId, JSON.stringify(rows)],
  );
}
