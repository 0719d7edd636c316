import type { ProductUnit } from "../catalog/product-input.js";

const grouped = new Intl.NumberFormat("es-AR", { useGrouping: "always", maximumFractionDigits: 0 });

/**
 * "3 u.", "1.500 u." or "1,250 kg" (grams shown as kg with three decimals) for messages, grouped the
 * es-AR way so a limit reads "1.000.000.000 u.", never a bare run of zeros.
 */
export function formatQuantity(quantity: number, unit: ProductUnit): string {
  if (unit === "each") return `${grouped.format(quantity)} u.`;
  const sign = quantity < 0 ? "-" : "";
  const grams = Math.abs(quantity);
  return `${sign}${grouped.format(Math.trunc(grams / 1000))},${String(grams % 1000).padStart(3, "0")} kg`;
}
