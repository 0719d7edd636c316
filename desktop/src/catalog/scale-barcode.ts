import type { ScaleLayout } from "@mostrador/contracts/http/settings";
import { gs1CheckDigit } from "@mostrador/contracts/pos/gs1";
import { DomainError } from "@mostrador/kernel/core/errors";

import { looksLikeScaleLabel, readScaleLabel, type ScaleLabel } from "@mostrador/contracts/pos/scale-label";

// The reading itself is pure and shared with Ajustes' "probar código" (contracts/src/pos/scale-label.ts).
export { looksLikeScaleLabel, type ScaleLabel };

/**
 * Reads a label-scale EAN-13 with the shop's layouts. Returns null when the code is not in the
 * 20–29 range. Throws `bad_check_digit` for a misread, `unknown_scale_prefix` for a prefix no
 * layout describes, `bad_scale_layout` when a layout does not add up to 13 digits.
 */
export function parseScaleLabel(code: string, layouts: readonly ScaleLayout[]): ScaleLabel | null {
  const reading = readScaleLabel(code, layouts);
  if (reading.ok) return reading.label;
  const prefix = reading.prefix;
  switch (reading.problem) {
    case "not_scale_code":
      return null;
    case "bad_check_digit":
      throw new DomainError(
        "invalid",
        "bad_check_digit",
        `El código ${code} tiene el dígito verificador mal: volvé a escanearlo`,
        { code },
      );
    case "unknown_scale_prefix":
      throw new DomainError(
        "invalid",
        "unknown_scale_prefix",
        `El código ${code} parece de balanza (prefijo ${prefix}), pero no hay una configuración de balanza para ese prefijo`,
        { code, prefix },
      );
    case "bad_scale_layout":
      throw new DomainError(
        "invalid",
        "bad_scale_layout",
        `La configuración de balanza del prefijo ${prefix} no suma 13 dígitos (2 + artículo + valor + verificador)`,
        { prefix },
      );
    case "empty_scale_label":
      throw new DomainError(
        "invalid",
        "empty_scale_label",
        `La etiqueta ${code} no trae ni peso ni importe`,
        {
          code,
        },
      );
  }
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
