import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../../db/sql.js";
import type { IngestScope } from "../handlers.js";
import { noteSalesAnalyticsDays } from "../../analytics/maintain.js";
import { addDelta, applyStockDeltas, type StockDeltas, toStockHolders } from "./stock.js";

type ReturnPayload = OpPayload<"return", "created">;

/**
 * return/created: the return, its lines and refunds, and its goods back into stock — once, decided by
 * the return's own INSERT ... RETURNING. No foreign key to the sale: after a reordered retry the
 * return may arrive before the sale it belongs to.
 */
export async function applyReturnOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const returns = ops.filter((o) => o.op === "created").map((o) => o.payload as ReturnPayload);
  if (returns.length === 0) return;
  const inserted = await q.query<{ id: string }>(
    `INSERT INTO returns (tenant_id, id, store_id, sale_id, display_number, cash_session_id, created_at, staff_id,
       reason, total, net_total, iva_total)
     SELECT $1, r.id, $2, r."saleId", r."displayNumber", r."cashSessionId", r."createdAt", r."staffId", r.reason,
       r.total, r."netTotal", r."ivaTotal"
     FROM jsonb_to_recordset($3::jsonb) AS r(id text, "saleId" text, "displayNumber" text, "cashSessionId" text,
       "createdAt" timestamptz, "staffId" text, reason text, total bigint, "netTotal" bigint, "ivaTotal" bigint)
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`,
    [
      scope.tenantId,
      scope.storeId,
      JSON.stringify(returns.map((r) => ({ ...r, lines: undefined, refunds: undefined }))),
    ],
  );
  const ids = new Set(inserted.map((r) => r.id));
  const fresh = returns.filter((r) => ids.delete(r.id));
  if (fresh.length === 0) return;
  await q.query(
    `INSERT INTO return_lines (tenant_id, id, store_id, return_id, product_id, quantity, total)
     SELECT $1, l.id, $2, l."returnId", l."productId", l.quantity, l.total
     FROM jsonb_to_recordset($3::jsonb) AS l(id text, "returnId" text, "productId" text, quantity bigint, total bigint)
     ON CONFLICT (tenant_id, id) DO NOTHING`,
    [
      scope.tenantId,
      scope.storeId,
      JSON.stringify(fresh.flatMap((r) => r.lines.map((l) => ({ ...l, returnId: r.id })))),
    ],
  );
  const refunds = fresh.flatMap((r) => r.refunds.map((f) => ({ ...f, returnId: r.id })));
  if (refunds.length > 0)
    await q.query(
      `INSERT INTO return_refunds (tenant_id, id, store_id, return_id, method, amount)
       SELECT $1, f.id, $2, f."returnId", f.method, f.amount
       FROM jsonb_to_recordset($3::jsonb) AS f(id text, "returnId" text, method text, amount bigint)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
      [scope.tenantId, scope.storeId, JSON.stringify(refunds)],
    );
  const deltas: StockDeltas = new Map();
  for (const r of fresh) for (const l of r.lines) addDelta(deltas, l.productId, l.quantity);
  await applyStockDeltas(q, scope, await toStockHolders(q, scope, deltas));
  // The analytics' days these returns fall on (the fresh ones only).
  await noteSalesAnalyticsDays(
    q,
    scope.tenantId,
    scope.storeId,
    fresh.map((r) => r.createdAt),
  );
}
