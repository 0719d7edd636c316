import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../db/sql.js";
import type { IngestScope } from "../ingest/handlers.js";

type SupplierPayload = OpPayload<"supplier", "created">;
type OrderPayload = OpPayload<"purchase_order", "created">;
type ReceiptPayload = OpPayload<"purchase_receipt", "created">;
type CostPayload = OpPayload<"product_cost", "updated">;

/** The latest op per id within the batch: one INSERT ... ON CONFLICT DO UPDATE may not touch a row twice. */
function latestById<P extends { id: string; at: string }>(ops: IngestOp[]): P[] {
  const byId = new Map<string, P>();
  for (const op of ops) {
    const p = op.payload as P;
    const seen = byId.get(p.id);
    if (!seen || Date.parse(seen.at) <= Date.parse(p.at)) byId.set(p.id, p);
  }
  return [...byId.values()];
}

/** supplier/created and /updated: the whole supplier; an older op arriving late changes nothing. */
export async function applySupplierOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const rows = latestById<SupplierPayload>(ops).map((p) => ({ ...p, payload: p }));
  await q.query(
    `INSERT INTO purchase_suppliers (tenant_id, id, store_id, name, cuit, active, payload, at)
     SELECT $1, s.id, $2, s.name, s.cuit, s.active, s.payload, s.at
     FROM jsonb_to_recordset($3::jsonb) AS s(id text, name text, cuit text, active boolean, payload jsonb, at timestamptz)
     ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name, cuit = excluded.cuit,
       active = excluded.active, payload = excluded.payload, at = excluded.at
     WHERE purchase_suppliers.at <= excluded.at`,
    [scope.tenantId, scope.storeId, JSON.stringify(rows)],
  );
}

/** purchase_order/*: the whole order as it now is; the newest state wins whatever order ops arrive in. */
export async function applyPurchaseOrderOps(
  q: Queryable,
  scope: IngestScope,
  ops: IngestOp[],
): Promise<void> {
  const rows = latestById<OrderPayload>(ops).map((p) => ({ ...p, payload: p }));
  await q.query(
    `INSERT INTO purchase_orders (tenant_id, id, store_id, number, supplier_id, status, total, payload, at)
     SELECT $1, o.id, $2, o.number, o."supplierId", o.status, o.total, o.payload, o.at
     FROM jsonb_to_recordset($3::jsonb) AS o(id text, number integer, "supplierId" text, status text,
       total bigint, payload jsonb, at timestamptz)
     ON CONFLICT (tenant_id, id) DO UPDATE SET status = excluded.status, total = excluded.total,
       payload = excluded.payload, at = excluded.at
     WHERE purchase_orders.at <= excluded.at`,
    [scope.tenantId, scope.storeId, JSON.stringify(rows)],
  );
}

/**
 * purchase_receipt/created: the receipt once, and each line's average cost for the store's valuation
 * (the newest receipt's cost wins). On-hand moves through the receipt's stock_movement ops, not here.
 */
export async function applyPurchaseReceiptOps(
  q: Queryable,
  scope: IngestScope,
  ops: IngestOp[],
): Promise<void> {
  const receipts = ops.map((o) => o.payload as ReceiptPayload);
  await q.query(
    `INSERT INTO purchase_receipts (tenant_id, id, store_id, order_id, supplier_id, total, lines, at)
     SELECT $1, r.id, $2, r."orderId", r."supplierId", r.total, r.lines, r.at
     FROM jsonb_to_recordset($3::jsonb) AS r(id text, "orderId" text, "supplierId" text, total bigint,
       lines jsonb, at timestamptz)
     ON CONFLICT (tenant_id, id) DO NOTHING`,
    [scope.tenantId, scope.storeId, JSON.stringify(receipts)],
  );
  await upsertCosts(
    q,
    scope,
    receipts.flatMap((r) =>
      r.lines.map((l) => ({ productId: l.productId, averageCost: l.averageCost, at: r.at })),
    ),
  );
}

/** product_cost/updated: a cost set by hand on the appliance (a cost sheet); the newest cost wins. */
export async function applyProductCostOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  await upsertCosts(
    q,
    scope,
    ops.map((o) => o.payload as CostPayload),
  );
}

/** Each product's newest average cost, whatever order receipts and hand-set costs arrive in. */
async function upsertCosts(
  q: Queryable,
  scope: IngestScope,
  entries: { productId: string; averageCost: number; at: string }[],
): Promise<void> {
  const costs = new Map<string, { productId: string; averageCost: number; at: string }>();
  for (const e of entries) {
    const seen = costs.get(e.productId);
    if (!seen || Date.parse(seen.at) <= Date.parse(e.at))
      costs.set(e.productId, { productId: e.productId, averageCost: e.averageCost, at: e.at });
  }
  if (costs.size === 0) return;
  await q.query(
    `INSERT INTO product_costs (tenant_id, store_id, product_id, average_cost, at)
     SELECT $1, $2, c."productId", c."averageCost", c.at
     FROM jsonb_to_recordset($3::jsonb) AS c("productId" text, "averageCost" bigint, at timestamptz)
     ON CONFLICT (tenant_id, store_id, product_id) DO UPDATE SET average_cost = excluded.average_cost,
       at = excluded.at
     WHERE product_costs.at <= excluded.at`,
    [scope.tenantId, scope.storeId, JSON.stringify([...costs.values()])],
  );
}
