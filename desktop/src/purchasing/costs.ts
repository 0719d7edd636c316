import { divRound, mulDiv } from "@mostrador/contracts/money";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

export type Unit = "each" | "kg";

/**
 * What `quantity` costs at `unitCost`: units × cost, or grams × cost per kg ÷ 1000, rounded half away
 * from zero to the centavo (the money rule of @mostrador/contracts/money).
 */
export function lineCost(quantity: number, unitCost: number, unit: Unit): number {
  // BigInt inside mulDiv: a large quantity × a large cost stays exact (callers bound the result).
  return mulDiv(quantity, unitCost, unit === "kg" ? 1000 : 1);
}

/**
 * The weighted average cost after receiving `quantity` at `unitCost` on top of `onHand` valued at
 * `average`. Stock at or below zero (sold before it was received) carries no value, so the new goods set
 * the cost alone; a product never costed does the same. Grams × cost per kg cancel out in the ratio.
 */
export function weightedAverage(
  onHand: number,
  average: number | null,
  quantity: number,
  unitCost: number,
): number {
  if (average === null || onHand <= 0) return unitCost;
  const value = BigInt(onHand) * BigInt(average) + BigInt(quantity) * BigInt(unitCost);
  return Number(divRound(value, BigInt(onHand + quantity)));
}

/** The product's weighted average cost, or null when it was never received. */
export function averageCost(db: Db, productId: string): number | null {
  const row = stmt(db, "SELECT average_cost FROM product_costs WHERE product_id = ?").get(productId) as
    { average_cost: number } | undefined;
  return row?.average_cost ?? null;
}

export function setAverageCost(db: Db, productId: string, cost: number, at: string): void {
  stmt(
    db,
    `INSERT INTO product_costs (product_id, average_cost, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (product_id) DO UPDATE SET average_cost = excluded.average_cost, updated_at = excluded.updated_at`,
  ).run(productId, cost, at);
}
