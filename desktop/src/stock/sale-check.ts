import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { formatQuantity } from "./quantity-format.js";

export interface SaleStockItem {
  productId: string;
  /** Units, or grams for weighed goods. */
  quantity: number;
}

interface Shortage {
  productId: string;
  name: string;
  onHand: number;
  requested: number;
  message: string;
}

/**
 * Applies the shop's negative-stock policy to a sale about to commit, against what is AVAILABLE: on hand
 * minus what online orders hold (stock/reservations.ts). Lines of the same product
 * are added up first (two lines of 3 against 5 on hand is a shortage). "warn": returns one Spanish
 * warning per product that would go below zero, and the sale goes on (a shelf count is often behind
 * the real shelf). "block": throws conflict `insufficient_stock` naming the first such product.
 */
export function checkStockForSale(ctx: Ctx, items: readonly SaleStockItem[]): string[] {
  const wanted = new Map<string, number>();
  for (const item of items) wanted.set(item.productId, (wanted.get(item.productId) ?? 0) + item.quantity);
  const read = stmt(
    ctx.db,
    `SELECT p.name, p.unit, COALESCE(s.quantity, 0) - COALESCE(r.quantity, 0) AS onHand
       FROM products p LEFT JOIN stock_on_hand s ON s.product_id = p.id
       LEFT JOIN stock_reserved r ON r.product_id = p.id WHERE p.id = ?`,
  );
  const shortages: Shortage[] = [];
  for (const [productId, requested] of wanted) {
    const row = read.get(productId) as { name: string; unit: "each" | "kg"; onHand: number } | undefined;
    if (!row) throw new DomainError("not_found", "product_not_found", "El producto no existe", { productId });
    if (requested <= 0 || row.onHand - requested >= 0) continue;
    const left = formatQuantity(Math.max(row.onHand, 0), row.unit);
    shortages.push({
      productId,
      name: row.name,
      onHand: row.onHand,
      requested,
      message: `Stock insuficiente de "${row.name}": quedan ${left} y se venden ${formatQuantity(requested, row.unit)}`,
    });
  }
  const first = shortages[0];
  if (first && getSettings(ctx.db).negativeStock === "block") {
    throw new DomainError("conflict", "insufficient_stock", first.message, {
      shortages: shortages.map(({ productId, name, onHand, requested }) => ({
        productId,
        name,
        onHand,
        requested,
      })),
    });
  }
  return shortages.map((s) => s.message);
}
