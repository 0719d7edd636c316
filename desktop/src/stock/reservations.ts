import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

/**
 * Stock held for online orders not prepared yet (migration 0049). The ledger is not touched: the units are
 * still on the shelf (a count counts them), but the till sells on hand minus what is held
 * (catalog/products.ts and sale-check.ts read `stock_reserved`). The online_orders triggers (migration
 * 0050) hold and release as orders arrive, change and are cancelled, in the shape apply's transaction.
 */

export type ReleaseReason = "sold" | "cancelled" | "changed";

/**
 * Releases what this order holds, inside the caller's transaction ("sold": the order's sale, written in
 * the same transaction, takes the stock from the ledger now). Returns the products.
 */
export function releaseForOrder(db: Db, orderId: string, why: ReleaseReason, at: string): string[] {
  const released = stmt(
    db,
    "UPDATE stock_reservations SET released_at = ?, released_why = ? WHERE order_id = ? AND released_at IS NULL RETURNING product_id",
  ).all(at, why, orderId) as { product_id: string }[];
  return [...new Set(released.map((r) => r.product_id))];
}

/** What online orders hold of this product (units or grams), 0 when nothing. */
export function reservedOf(db: Db, productId: string): number {
  const row = stmt(db, "SELECT quantity FROM stock_reserved WHERE product_id = ?").get(productId) as
    { quantity: number } | undefined;
  return row?.quantity ?? 0;
}

/** What one order holds, per product. */
export function heldByOrder(db: Db, orderId: string): Map<string, number> {
  const rows = stmt(
    db,
    "SELECT product_id, SUM(quantity) AS quantity FROM stock_reservations WHERE order_id = ? AND released_at IS NULL GROUP BY product_id",
  ).all(orderId) as { product_id: string; quantity: number }[];
  return new Map(rows.map((r) => [r.product_id, r.quantity]));
}
