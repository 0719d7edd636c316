import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { notifyOwner } from "@mostrador/kernel/notifications/notify-owner";
import { getSettings } from "@mostrador/kernel/shop/settings";
import type { ProductUnit } from "../catalog/product-input.js";
import { formatQuantity } from "./quantity-format.js";

/** A movement just written to the ledger (stock_on_hand already includes it). */
export interface WrittenMovement {
  id: string;
  productId: string;
  quantity: number;
  at: string;
}

/**
 * Tells the owner when a reduction takes a product from ABOVE its low-stock threshold to AT OR BELOW it:
 * one notification per crossing, queued in the movement's own transaction (so a sale that rolls back
 * notifies nobody). No state is kept: the crossing is read from the movement itself (before = after −
 * delta), so a second sale below the threshold does not cross again, and stock going back above (a
 * receipt, a return, an adjustment up) re-arms it by itself. Call it right after the movement's INSERT,
 * before the next movement of the same product, so `after` is this movement's.
 *
 * Cost on the sale path: one primary-key read per reducing movement; settings are read only on a crossing.
 */
export function alertIfLowStockCrossed(db: Db, movement: WrittenMovement): void {
  if (movement.quantity >= 0) return;
  const row = stmt(
    db,
    `SELECT p.name, p.unit, p.low_stock_threshold AS threshold, p.active, COALESCE(s.quantity, 0) AS onHand
       FROM products p LEFT JOIN stock_on_hand s ON s.product_id = p.id WHERE p.id = ?`,
  ).get(movement.productId) as
    { name: string; unit: ProductUnit; threshold: number | null; active: number; onHand: number } | undefined;
  // Inactive products are off the low-stock list (low-stock.ts), so they do not page the owner either.
  if (!row || row.threshold === null || !row.active) return;
  const before = row.onHand - movement.quantity;
  if (!(before > row.threshold && row.onHand <= row.threshold)) return;
  if (!getSettings(db).notifyLowStock) return;
  notifyOwner(db, {
    kind: "low_stock",
    // The movement is the crossing: the same crossing queued or uploaded twice is one message.
    dedupeKey: `low_stock:${movement.productId}:${movement.id}`,
    productId: movement.productId,
    onHand: row.onHand,
    threshold: row.threshold,
    message: lowStockMessage(row.name, row.onHand, row.threshold, row.unit),
    at: movement.at,
  });
}

/** "Stock bajo: Yerba Playadito 1 kg — quedan 3 u. (mínimo 5 u.)"; "Sin stock: …" at zero or below. */
export function lowStockMessage(name: string, onHand: number, threshold: number, unit: ProductUnit): string {
  const minimum = `(mínimo ${formatQuantity(threshold, unit)})`;
  if (onHand <= 0) return `Sin stock: ${name} — el sistema marca ${formatQuantity(onHand, unit)} ${minimum}`;
  return `Stock bajo: ${name} — quedan ${formatQuantity(onHand, unit)} ${minimum}`;
}
