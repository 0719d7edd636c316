/**
 * Numbers as shops type them: "$ 1.234,50", "1234,5", "1.234" (thousands), "1234.50", "21%".
 * A comma is the decimal mark and dots group thousands (es-AR); with no comma, a dot followed by groups
 * of exactly three digits is thousands ("1.234.567"), any other dot is a decimal point ("12.5").
 * Returns null when the text is not a number.
 */
export function parseDecimal(raw: string): number | null {
  let t = raw
    .trim()
    .replace(/^\$\s*|\s*\$$/g, "")
    .replace(/%$/, "")
    .replace(/\s/g, "");
  if (t.startsWith("$")) t = t.slice(1);
  const negative = t.startsWith("-");
  if (negative) t = t.slice(1).replace(/^\$/, "");
  if (!/^[\d.,]+$/.test(t)) return null;
  if (t.includes(",")) {
    if (!/^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$/.test(t)) return null;
    t = t.replace(/\./g, "").replace(",", ".");
  } else if (/^\d{1,3}(\.\d{3})+$/.test(t)) {
    t = t.replace(/\./g, "");
  } else if (!/^\d+(\.\d+)?$/.test(t)) {
    return null;
  }
  const n = Number(t);
  if (!Number.isFinite(n)) return null;
  return negative ? -n : n;
}

/** Pesos to centavos, refusing fractions of a centavo; null when not an amount. */
export function parseMoney(raw: string): number | null {
  const n = parseDecimal(raw);
  if (n === null) return null;
  const cents = Math.round(n * 100);
  return Math.abs(cents - n * 100) < 1e-6 ? cents : null;
}

/** es-AR text of centavos for a CSV cell: 123450 → "1234,50" (no thousands dots: Excel reads it back). */
export function moneyText(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

/**
 * A quantity as counted: whole units, or kg with up to three decimals ("1,250" kg) turned into grams.
 * Null when it is not a number or has a fraction the unit cannot hold (half a unit, a tenth of a gram).
 */
export function parseQuantity(raw: string, unit: "each" | "kg"): number | null {
  const n = parseDecimal(raw);
  if (n === null) return null;
  const scaled = unit === "kg" ? n * 1000 : n;
  const whole = Math.round(scaled);
  return Math.abs(whole - scaled) < 1e-6 ? whole : null;
}

/** es-AR text of a quantity for a CSV cell: units as is, grams as kg with a decimal comma (1250 → "1,25"). */
export function quantityText(quantity: number, unit: "each" | "kg"): string {
  return unit === "kg" ? String(quantity / 1000).replace(".", ",") : String(quantity);
}
