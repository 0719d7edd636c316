import type { ScaleLayout } from "../http/settings.js";
import { isAmount } from "../money.js";
import { hasValidCheckDigit } from "./gs1.js";

/**
 * Label scales print EAN-13 codes in the GS1 "restricted circulation" range (prefix 20–29):
 * prefix (2) + item code (PLU) + value (price or grams) + check digit = 13 digits.
 * Which prefix means price or weight, and how many digits each part has, is set per shop
 * (settings.scaleLayouts) because every scale brand ships its own default. Pure: the till's scan
 * (desktop/src/catalog/scale-barcode.ts) and Ajustes' "probar código" read a code the same way.
 */
export interface ScaleLabel {
  prefix: number;
  itemCode: number;
  kind: "price" | "weight";
  /** Grams for a weight label, centavos for a price label. */
  value: number;
}

/** Why a code is not a readable scale label. */
export type ScaleLabelProblem =
  "not_scale_code" | "bad_check_digit" | "unknown_scale_prefix" | "bad_scale_layout" | "empty_scale_label";

export type ScaleLabelReading =
  { ok: true; label: ScaleLabel } | { ok: false; problem: ScaleLabelProblem; prefix?: number };

const EAN13 = /^[0-9]{13}$/;

/** True when the code has the shape of a label-scale EAN-13 (13 digits starting with 2). */
export function looksLikeScaleLabel(code: string): boolean {
  return EAN13.test(code) && code[0] === "2";
}

/** Reads a label-scale EAN-13 with the shop's layouts, saying why when it cannot. */
export function readScaleLabel(code: string, layouts: readonly ScaleLayout[]): ScaleLabelReading {
  if (!looksLikeScaleLabel(code)) return { ok: false, problem: "not_scale_code" };
  if (!hasValidCheckDigit(code)) return { ok: false, problem: "bad_check_digit" };
  const prefix = Number(code.slice(0, 2));
  const layout = layouts.find((l) => l.prefix === prefix);
  if (!layout) return { ok: false, problem: "unknown_scale_prefix", prefix };
  if (2 + layout.itemDigits + layout.valueDigits + 1 !== 13)
    return { ok: false, problem: "bad_scale_layout", prefix };
  const itemCode = Number(code.slice(2, 2 + layout.itemDigits));
  const rawValue = Number(code.slice(2 + layout.itemDigits, 12));
  const value = layout.kind === "price" ? rawValue * layout.priceScale : rawValue;
  if (value <= 0 || !isAmount(value)) return { ok: false, problem: "empty_scale_label", prefix };
  return { ok: true, label: { prefix, itemCode, kind: layout.kind, value } };
}
