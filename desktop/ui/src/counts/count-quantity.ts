/**
 * A counted quantity as typed at the till: whole units, or kilograms with a decimal comma for weighed
 * goods ("1,250" → 1250 g). Null when it is not a quantity of 0 or more.
 */
export function parseCountedQuantity(text: string, unit: "each" | "kg"): number | null {
  const clean = text.trim().replace(/\./g, "").replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(clean)) return null;
  const value = Number(clean);
  if (unit === "each") return Number.isInteger(value) ? value : null;
  const grams = Math.round(value * 1000);
  return Number.isSafeInteger(grams) ? grams : null;
}
