import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../../db/sql.js";
import type { IngestScope } from "../handlers.js";

/** product id → change in on-hand (units, or grams for weighed goods). */
export type StockDeltas = Map<string, number>;

export function addDelta(deltas: StockDeltas, productId: string, quantity: number): void {
  deltas.set(productId, (deltas.get(productId) ?? 0) + quantity);
}

/**
 * Adds the deltas to stock_levels in one statement. Deltas are summed per product first: one INSERT
 * ... ON CONFLICT DO UPDATE may not touch the same row twice. Callers add a delta only for rows their
 * own INSERT/UPDATE ... RETURNING just created or changed, so a duplicate op never moves stock twice.
 */
export async function applyStockDeltas(q: Queryable, scope: IngestScope, deltas: StockDeltas): Promise<void> {
  const rows = [...deltas].filter(([, delta]) => delta !== 0);
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO stock_levels (tenant_id, store_id, product_id, on_hand, updated_at)
     SELECT $1, $2, d.product_id, d.delta, $3 FROM unnest($4::text[], $5::bigint[]) AS d(product_id, delta)
     ON CONFLICT (tenant_id, store_id, product_id)
     DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand, updated_at = excluded.updated_at`,
    [scope.tenantId, scope.storeId, scope.now, rows.map((r) => r[0]), rows.map((r) => r[1])],
  );
}

/**
 * Goods coming back (a return, a void, an exchange's return) for a product converted to a model since the
 * sale go to the variant that kept its stock (product_conversions, from the conversion's op): the model's
 * row is never counted or shown.
 */
export async function toStockHolders(
  q: Queryable,
  scope: IngestScope,
  deltas: StockDeltas,
): Promise<StockDeltas> {
  if (deltas.size === 0) return deltas;
  const held = await q.query<{ model_id: string; stock_variant_id: string }>(
    `SELECT model_id, stock_variant_id FROM product_conversions WHERE tenant_id = $1 AND model_id = ANY($2::text[])`,
    [scope.tenantId, [...deltas.keys()]],
  );
  if (held.length === 0) return deltas;
  const holderOf = new Map(held.map((h) => [h.model_id, h.stock_variant_id]));
  const routed: StockDeltas = new Map();
  for (const [productId, delta] of deltas) addDelta(routed, holderOf.get(productId) ?? productId, delta);
  return routed;
}

type MovementPayload = OpPayload<"stock_movement", "created">;

/** Adjustments, receipts and counts (stock_movement ops): each movement once, then its delta. */
export async function applyStockMovements(
  q: Queryable,
  scope: IngestScope,
  movements: MovementPayload[],
): Promise<void> {
  const inserted = await q.query<{ product_id: string; quantity: number | string }>(
    `INSERT INTO stock_movements (tenant_id, id, store_id, product_id, quantity, reason, at)
     SELECT $1, m.id, $2, m."productId", m.quantity, m.reason, m.at
     FROM jsonb_to_recordset($3::jsonb) AS m(id text, "productId" text, quantity bigint, reason text, at timestamptz)
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING product_id, quantity`,
    [scope.tenantId, scope.storeId, JSON.stringify(movements)],
  );
  const deltas: StockDeltas = new Map();
  for (const m of inserted) addDelta(deltas, m.product_id, Number(m.quantity));
  await applyStockDeltas(q, scope, deltas);
}
