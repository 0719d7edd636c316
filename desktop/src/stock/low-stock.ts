import { getProductsByIds } from "../catalog/products.js";
import type { Ctx } from "@mostrador/kernel/core/context";

import type { LowStockItem } from "@mostrador/contracts/http/catalog";

/**
 * Active products at or below their low-stock threshold, emptiest first (by share of the threshold
 * left), for the reorder list and the owner's dashboard. Products without a threshold never appear.
 */
export function listLowStock(ctx: Ctx, limit = 500): LowStockItem[] {
  const rows = ctx.db
    .prepare(
      `SELECT p.id, COALESCE(s.quantity, 0) AS onHand, p.low_stock_threshold AS threshold
         FROM products p LEFT JOIN stock_on_hand s ON s.product_id = p.id
        WHERE p.low_stock_threshold IS NOT NULL AND p.active = 1 AND COALESCE(s.quantity, 0) <= p.low_stock_threshold
        ORDER BY CAST(COALESCE(s.quantity, 0) AS REAL) / MAX(p.low_stock_threshold, 1), p.name_key
        LIMIT ?`,
    )
    .all(limit) as { id: string; onHand: number; threshold: number }[];
  const products = new Map(
    getProductsByIds(
      ctx,
      rows.map((r) => r.id),
    ).map((p) => [p.id, p]),
  );
  return rows.flatMap((r) => {
    const product = products.get(r.id);
    return product ? [{ product, onHand: r.onHand, threshold: r.threshold }] : [];
  });
}
