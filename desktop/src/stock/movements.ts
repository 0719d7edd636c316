import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { alertIfLowStockCrossed } from "./low-stock-alert.js";

export type MovementReason = "sale" | "return" | "void" | "adjustment" | "receipt" | "count";

export interface StockMovementInput {
  productId: string;
  /** Signed delta: units, or grams for weighed goods. Never zero. */
  quantity: number;
  reason: MovementReason;
  refId: string | null;
  staffId: string | null;
  at: string;
  /** Why a manual movement happened; sales and returns leave it out. */
  note?: string | null;
  /** The movement's id when the caller needs it (outbox, audit); a fresh UUIDv7 otherwise. */
  id?: string;
}

/**
 * Appends movements to the ledger. Call it inside the transaction of the write that causes them
 * (a sale, a return, an adjustment): the trigger keeps stock_on_hand in step in the same transaction, and
 * a reduction that takes a product to its low-stock threshold notifies the owner in it too.
 */
export function insertStockMovements(db: Db, movements: readonly StockMovementInput[]): void {
  const insert = stmt(
    db,
    "INSERT INTO stock_movements (id, product_id, quantity, reason, ref_id, staff_id, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  for (const m of movements) {
    const id = m.id ?? newId();
    insert.run(id, m.productId, m.quantity, m.reason, m.refId, m.staffId, m.note ?? null, m.at);
    // Every reduction passes here (a sale, an adjustment down, a count below the books), so none misses the alert.
    alertIfLowStockCrossed(db, { id, productId: m.productId, quantity: m.quantity, at: m.at });
  }
}

/** On-hand quantity of a product (units or grams), 0 when it never moved. */
export function onHand(db: Db, productId: string): number {
  const row = stmt(db, "SELECT quantity FROM stock_on_hand WHERE product_id = ?").get(productId) as
    { quantity: number } | undefined;
  return row?.quantity ?? 0;
}
