import { MAX_AMOUNT, MAX_LINE_GRAMS, MAX_LINE_UNITS, MAX_PERCENT_BP } from "@mostrador/contracts/limits";
import { formatMoney, formatPercentBp, formatQuantity, type Locale } from "@mostrador/contracts/format";
import type { MessageKey } from "../i18n/i18n.js";
import { type ParseFailure, parseScaled } from "./parse-decimal.js";

/**
 * Every number the till types, with its real bounds (from @mostrador/contracts/limits, the ones the server
 * checks) and the sentence that says them: "La cantidad debe ser mayor que 0", "Máximo 100.000 unidades".
 * A cashier who typed 0 or 99999999 learns what the field takes, not that "the value is too large".
 */
export type NumberField =
  /** Units on a ticket line. */
  | "units"
  /** Grams of a weighed good on a ticket line. */
  | "grams"
  /** The same weight typed in kilograms ("1,250"). */
  | "kilograms"
  /** A percent discount ("12,5" → 1250 basis points). */
  | "percent"
  /** A discount in pesos: more than $ 0. */
  | "discountAmount"
  /** A payment or a cash in/out: more than $ 0. */
  | "payment"
  /** A float or counted cash: $ 0 is a real answer. */
  | "cash";

interface Bounds {
  decimals: number;
  /** The smallest value accepted: 0, or 1 when the field must be more than zero. */
  min: 0 | 1;
  max: number;
}

const BOUNDS: Record<NumberField, Bounds> = {
  units: { decimals: 0, min: 1, max: MAX_LINE_UNITS },
  grams: { decimals: 0, min: 1, max: MAX_LINE_GRAMS },
  kilograms: { decimals: 3, min: 1, max: MAX_LINE_GRAMS },
  percent: { decimals: 2, min: 1, max: MAX_PERCENT_BP },
  discountAmount: { decimals: 2, min: 1, max: MAX_AMOUNT },
  payment: { decimals: 2, min: 1, max: MAX_AMOUNT },
  cash: { decimals: 2, min: 0, max: MAX_AMOUNT },
};

export function boundsOf(field: NumberField): Readonly<Bounds> {
  return BOUNDS[field];
}

/** A message key and its values, already formatted for the locale (numbers and money through Intl). */
export interface NumberProblem {
  key: MessageKey;
  vars: Record<string, string>;
}

export type NumberResult = { ok: true; value: number } | { ok: false; problem: NumberProblem };

const FORMAT_KEYS: Record<Exclude<ParseFailure, "too_large">, MessageKey> = {
  empty: "input.empty",
  format: "input.format",
  decimals: "input.decimals",
  negative: "input.negative",
};

function kindOf(field: NumberField): "quantity" | "weight" | "percent" | "amount" {
  if (field === "units") return "quantity";
  if (field === "grams" || field === "kilograms") return "weight";
  if (field === "percent") return "percent";
  return "amount";
}

function tooSmall(field: NumberField, locale: Locale): NumberProblem {
  const kind = kindOf(field);
  if (kind === "amount") return { key: "limit.amountPositive", vars: { min: formatMoney(0, locale) } };
  if (kind === "percent") return { key: "limit.percentPositive", vars: {} };
  return { key: kind === "quantity" ? "limit.quantityPositive" : "limit.weightPositive", vars: {} };
}

function tooLarge(field: NumberField, locale: Locale): NumberProblem {
  const { max } = BOUNDS[field];
  const kind = kindOf(field);
  if (kind === "quantity")
    return { key: "limit.quantityMax", vars: { max: formatQuantity(max, "each", locale) } };
  if (kind === "weight")
    return {
      key: "limit.weightMax",
      vars: {
        grams: formatQuantity(max, "each", locale),
        kg: formatQuantity(Math.trunc(max / 1000), "each", locale),
      },
    };
  if (kind === "percent") return { key: "limit.percentMax", vars: { max: formatPercentBp(max, locale) } };
  return { key: "limit.amountMax", vars: { max: formatMoney(max, locale) } };
}

/** The problem with a value already parsed (e.g. a quantity from a cart), or null when it is within bounds. */
export function checkBounds(value: number, field: NumberField, locale: Locale): NumberProblem | null {
  const { min, max } = BOUNDS[field];
  if (value < min) return tooSmall(field, locale);
  if (value > max) return tooLarge(field, locale);
  return null;
}

/** What a person typed → the exact integer (units, grams, basis points, centavos), or the sentence saying why not. */
export function readNumber(text: string, field: NumberField, locale: Locale): NumberResult {
  const { decimals } = BOUNDS[field];
  // Parse without an upper bound first, so "too large" is told by the field's own limit.
  const parsed = parseScaled(text, decimals, Number.MAX_SAFE_INTEGER);
  if (!parsed.ok) {
    if (parsed.reason === "too_large") return { ok: false, problem: tooLarge(field, locale) };
    return { ok: false, problem: { key: FORMAT_KEYS[parsed.reason], vars: {} } };
  }
  const problem = checkBounds(parsed.value, field, locale);
  return problem ? { ok: false, problem } : { ok: true, value: parsed.value };
}
