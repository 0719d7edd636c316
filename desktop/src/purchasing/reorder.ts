import type { FromLowStockInput, PurchaseOrder, ReorderItem } from "@mostrador/contracts/http/purchasing";
import { divide, divRound } from "@mostrador/contracts/money";
import { type Ctx, nowMs } from "@mostrador/kernel/core/context";
import { listLowStock } from "../stock/low-stock.js";
import { averageCost } from "./costs.js";
import { createOrder } from "./orders.js";

/** Sales are averaged over four whole weeks, so each weekday counts the same. */
export const SALES_WINDOW_DAYS = 28;
export const DEFAULT_COVER_DAYS = 7;

/**
 * Net units (grams) sold per product in the window: sales minus returns plus voids, read from the stock
 * ledger, which every sale, return and void already writes.
 */
function netSales(ctx: Ctx, productIds: string[]): Map<string, number> {
  const since = new Date(nowMs(ctx.clock) - SALES_WINDOW_DAYS * 86_400_000).toISOString();
  const sold = new Map<string, number>();
  const query = ctx.db.prepare(
    `SELECT -SUM(quantity) FROM stock_movements
      WHERE product_id = ? AND reason IN ('sale', 'return', 'void') AND at >= ?`,
  );
  for (const id of productIds)
    sold.set(id, Math.max(0, (query.pluck().get(id, since) as number | null) ?? 0));
  return sold;
}

/** The supplier this product last came from, with its lead time. */
function lastSupplier(ctx: Ctx, productId: string): { id: string; leadTimeDays: number } | null {
  return (
    (ctx.db
      .prepare(
        `SELECT s.id, s.lead_time_days AS leadTimeDays FROM purchase_receipt_lines l
           JOIN purchase_receipts r ON r.id = l.receipt_id JOIN suppliers s ON s.id = r.supplier_id
          WHERE l.product_id = ? ORDER BY r.at DESC LIMIT 1`,
      )
      .get(productId) as { id: string; leadTimeDays: number } | undefined) ?? null
  );
}

/**
 * The suggested order for `days` of cover: what the recent pace sells in that many days, at least enough to
 * reach the threshold again, minus what is on hand; never less than one unit (or 1 kg).
 */
export function suggestedQuantity(a: {
  soldInWindow: number;
  coverDays: number;
  onHand: number;
  threshold: number;
  unit: "each" | "kg";
}): number {
  const demand = Number(divRound(BigInt(a.soldInWindow) * BigInt(a.coverDays), BigInt(SALES_WINDOW_DAYS)));
  const target = Math.max(demand, a.threshold);
  const need = target - Math.max(a.onHand, 0);
  const minimum = a.unit === "kg" ? 1000 : 1;
  return Math.max(need, minimum);
}

/**
 * The low-stock list with a suggested order per product. Cover days are the last supplier's lead time,
 * or `coverDays` for a product never received.
 */
export function reorderList(ctx: Ctx, coverDays = DEFAULT_COVER_DAYS): ReorderItem[] {
  const low = listLowStock(ctx);
  const sold = netSales(
    ctx,
    low.map((l) => l.product.id),
  );
  return low.map(({ product, onHand, threshold }) => {
    const supplier = lastSupplier(ctx, product.id);
    const soldInWindow = sold.get(product.id) ?? 0;
    return {
      productId: product.id,
      productName: product.name,
      sku: product.sku,
      unit: product.unit,
      onHand,
      threshold,
      dailySales: divide(soldInWindow, SALES_WINDOW_DAYS),
      suggested: suggestedQuantity({
        soldInWindow,
        coverDays: supplier?.leadTimeDays ?? coverDays,
        onHand,
        threshold,
        unit: product.unit,
      }),
      averageCost: averageCost(ctx.db, product.id) ?? 0,
      supplierId: supplier?.id ?? null,
    };
  });
}

/** "Crear orden de compra" from a selection of the reorder list: a draft at each product's average cost. */
export function orderFromLowStock(
  ctx: Ctx,
  actor: { staffId: string | null },
  input: FromLowStockInput,
): PurchaseOrder {
  return createOrder(ctx, actor, {
    supplierId: input.supplierId,
    lines: input.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      unitCost: averageCost(ctx.db, l.productId) ?? 0,
    })),
  });
}
