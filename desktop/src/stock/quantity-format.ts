import type { ProductUnit } from "../catalog/product-input.js";

/** "3 u." or "1,250 kg" (grams shown as kg with three decimals, es-AR decimal comma) for messages. */
export function formatQuantity(quantity: number, unit: ProductUnit): string {
  if (unit === "each") return `${quantity} u.`;
  const sign = quantity < 0 ? "-" : "";
  const grams = Math.abs(quantity);
  return `${sign}${Math.trunc(grams / 1000)},${String(grams % 1000).padStart(3, "0")} kg`;
}
