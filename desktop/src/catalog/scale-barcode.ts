import { DomainError } from "@mostrador/kernel/core/errors";
import { isAmount } from "@mostrador/contracts/money";
import type { ScaleLayout } from "@mostrador/kernel/shop/settings";
import { gs1CheckDigit, hasValidCheckDigit } from "./ean.js";

/**
 * Label scales print EAN-13 codes in the GS1 "restricted circulation" range (prefix 20–29):
 * prefix (2) + item code (PLU) + value (price or grams) + check digit = 13 digits.
 * Which prefix means price or weight, and how many digits each part has, is set per shop
 * (settings.scaleLayouts) because every scale brand ships its own default.
 */
export interface ScaleLabel {
  prefix: number;
  itemCode: number;
  kind: "price" | "weight";
  /** Grams for a weight label, centavos for a price label. */
  value: number;
}

const EAN13 = /^[0-9]{13}$/;

/** True when the code has the shape of a label-scale EAN-13 (13 digits starting with 2). */
export function looksLikeScaleLabel(code: string): boolean {
  return EAN13.test(code) && code[0] === "2";
}

/**
 * Reads a label-scale EAN-13 with the shop's layouts. Returns null when the code is not in the
 * 20–29 range. Throws `bad_check_digit` for a misread, `unknown_scale_prefix` for a prefix no
 * layout describes, `bad_scale_layout` when a layout does not add up to 13 digits.
 */
export function parseScaleLabel(code: string, layouts: readonly ScaleLayout[]): ScaleLabel | null {
  if (!looksLikeScaleLabel(code)) return null;
  if (!hasValidCheckDigit(code)) {
    throw new DomainError(
      "invalid",
      "bad_check_digit",
      `El código ${code} tiene el dígito verificador mal: volvé a escanearlo`,
      {
        code,
      },
    );
  }
  const prefix = Number(code.slice(0, 2));
  const layout = layouts.find((l) => l.prefix === prefix);
  if (!layout) {
    throw new DomainError(
      "invalid",
      "unknown_scale_prefix",
      `El código ${code} parece de balanza (prefijo ${prefix}), pero no hay una configuración de balanza para ese prefijo`,
      { code, prefix },
    );
  }
  if (2 + layout.itemDigits + layout.valueDigits + 1 !== 13) {
    throw new DomainError(
      "invalid",
      "bad_scale_layout",
      `La configuración de balanza del prefijo ${prefix} no suma 13 dígitos (2 + artículo + valor + verificador)`,
      { prefix },
    );
  }
  const itemCode = Number(code.slice(2, 2 + layout.itemDigits));
  const rawValue = Number(code.slice(2 + layout.itemDigits, 12));
  const value = layout.kind === "price" ? rawValue * layout.priceScale : rawValue;
  if (value <= 0 || !isAmount(value)) {
    throw new DomainError("invalid", "empty_scale_label", `La etiqueta ${code} no trae ni peso ni importe`, {
      code,
    });
  }
  return { prefix, itemCode, kind: layout.kind, value };
}

/**
 * Builds the EAN-13 a scale would print for `itemCode` and `value` (grams, or centavos for price
 * labels, which must be a multiple of priceScale). Used by the demo seed and by tests.
 */
export function buildScaleLabel(layout: ScaleLayout, itemCode: number, value: number): string {
  const raw = layout.kind === "price" ? value / layout.priceScale : value;
  const item = String(itemCode).padStart(layout.itemDigits, "0");
  const digits = String(raw).padStart(layout.valueDigits, "0");
  if (!Number.isInteger(raw) || item.length !== layout.itemDigits || digits.length !== layout.valueDigits) {
    throw new RangeError(
      `item ${itemCode} or value ${value} does not fit the layout of prefix ${layout.prefix}`,
    );
  }
  const body = `${layout.prefix}${item}${digits}`;
  return `${body}${gs1CheckDigit(body)}`;
}
