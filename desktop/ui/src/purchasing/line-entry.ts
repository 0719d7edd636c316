import { centavosToInput, parseKilograms, parsePesos, parseWhole } from "../input/parse-decimal.js";

/** A line being typed: quantity in units, or kg with decimals for weighed goods; cost in pesos. */
export interface EntryLine {
  productId: string;
  name: string;
  sku: string;
  unit: "each" | "kg";
  barcodes: string[];
  quantity: string;
  cost: string;
  /** On an order: what was asked and what has arrived (units or grams). */
  ordered?: number;
  received?: number;
}

/** Grams or units → the text a quantity field shows ("1,5" kg, "12" units). */
export function quantityToInput(quantity: number, unit: "each" | "kg"): string {
  if (unit === "each") return String(quantity);
  return (quantity / 1000).toString().replace(".", ",");
}

export const costToInput = centavosToInput;

/** The line as the API takes it, or the key of what is wrong with it. */
export function readLine(
  line: EntryLine,
):
  | { ok: true; value: { productId: string; quantity: number; unitCost: number } }
  | { ok: false; problem: "quantity" | "cost" } {
  const q = (line.unit === "kg" ? parseKilograms : parseWhole)(line.quantity);
  if (!q.ok || q.value <= 0) return { ok: false, problem: "quantity" };
  const c = parsePesos(line.cost);
  if (!c.ok) return { ok: false, problem: "cost" };
  return { ok: true, value: { productId: line.productId, quantity: q.value, unitCost: c.value } };
}

/** The line a scanned or typed code names: a barcode, or the SKU, exactly. */
export function lineForCode(lines: readonly EntryLine[], code: string): number {
  const text = code.trim().toLowerCase();
  return lines.findIndex((l) => l.barcodes.includes(code.trim()) || l.sku.toLowerCase() === text);
}
