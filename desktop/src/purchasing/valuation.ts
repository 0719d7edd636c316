import type { Valuation } from "@mostrador/contracts/http/purchasing";
import type { Ctx } from "@mostrador/kernel/core/context";
import { lineCost, type Unit } from "./costs.js";

/**
 * Stock at cost: on hand × weighted average cost per product, summed per category and in total. Stock
 * below zero (sold before it was received) is worth nothing rather than a negative amount; a product with
 * stock but no cost yet is counted in `withoutCost` so the owner knows the total is short.
 */
export function stockValuation(ctx: Ctx): Valuation {
  const rows = ctx.db
    .prepare(
      `SELECT p.category_id AS categoryId, c.name AS categoryName, p.unit, s.quantity, pc.average_cost AS cost
         FROM stock_on_hand s
         JOIN products p ON p.id = s.product_id
         LEFT JOIN categories c ON c.id = p.category_id
         LEFT JOIN product_costs pc ON pc.product_id = p.id
        WHERE s.quantity > 0`,
    )
    .all() as {
    categoryId: string | null;
    categoryName: string | null;
    unit: Unit;
    quantity: number;
    cost: number | null;
  }[];
  const byCategory = new Map<string | null, Valuation["categories"][number]>();
  let total = 0;
  let withoutCost = 0;
  for (const r of rows) {
    if (r.cost === null) withoutCost++;
    const value = lineCost(r.quantity, r.cost ?? 0, r.unit);
    const entry = byCategory.get(r.categoryId) ?? {
      categoryId: r.categoryId,
      categoryName: r.categoryName,
      products: 0,
      value: 0,
    };
    entry.products++;
    entry.value += value;
    byCategory.set(r.categoryId, entry);
    total += value;
  }
  const categories = [...byCategory.values()].sort((a, b) => b.value - a.value);
  return { categories, total, withoutCost };
}
