import { MAX_AMOUNT } from "@mostrador/contracts/money";

/**
 * Turns what a person typed (es-AR style: "1.234,50") into an exact integer, by string parsing only:
 * "1.234,50" → 123450 centavos. Floats never touch money (0.1 + 0.2 is not 0.3).
 */

export type ParseFailure = "empty" | "format" | "decimals" | "negative" | "too_large";
export type ParseResult = { ok: true; value: number } | { ok: false; reason: ParseFailure };

/** Grouped thousands ("1.234.567") or plain digits ("1234567"). */
const INTEGER_PART = /^(\d{1,3}(\.\d{3})+|\d+)$/;

/**
 * Parses a non-negative decimal with at most `decimals` fraction digits into an integer scaled by 10^decimals.
 * The comma is the decimal separator and the dot groups thousands; as a courtesy for numeric keypads that type
 * ".", a single dot with fewer than three digits after it and no comma is read as the decimal point ("12.5").
 */
export function parseScaled(text: string, decimals: number, max: number): ParseResult {
  let s = text.trim().replace(/^\$\s*/, "");
  if (s === "") return { ok: false, reason: "empty" };
  if (s.startsWith("-")) return { ok: false, reason: "negative" };
  if (s.startsWith("+")) s = s.slice(1);

  let integerPart = s;
  let fraction = "";
  const comma = s.indexOf(",");
  if (comma >= 0) {
    integerPart = s.slice(0, comma);
    fraction = s.slice(comma + 1);
    if (!/^\d+$/.test(fraction)) return { ok: false, reason: "format" };
  } else {
    const keypadDecimal = /^(\d+)\.(\d{1,2})$/.exec(s);
    if (keypadDecimal) {
      integerPart = keypadDecimal[1] ?? "";
      fraction = keypadDecimal[2] ?? "";
    }
  }
  if (integerPart === "") integerPart = "0"; // ",50" means 0,50
  if (!INTEGER_PART.test(integerPart)) return { ok: false, reason: "format" };
  if (fraction.length > decimals) return { ok: false, reason: "decimals" };

  const digits = (integerPart.replaceAll(".", "") + fraction.padEnd(decimals, "0")).replace(/^0+(?=\d)/, "");
  // More digits than any safe integer has: refuse before converting, so nothing rounds silently.
  if (digits.length > 15) return { ok: false, reason: "too_large" };
  const value = Number(digits);
  if (value > max) return { ok: false, reason: "too_large" };
  return { ok: true, value };
}

/** Pesos typed by a person → centavos. */
export function parsePesos(text: string): ParseResult {
  return parseScaled(text, 2, MAX_AMOUNT);
}

/** A percentage such as "10" or "12,5" → basis points (1000 = 10 %), at most 100 %. */
export function parsePercent(text: string): ParseResult {
  return parseScaled(text, 2, 10_000);
}

/** Kilograms such as "1,250" → grams. */
export function parseKilograms(text: string): ParseResult {
  return parseScaled(text, 3, 1_000_000_000);
}

/** Whole units or grams: no decimals allowed. */
export function parseWhole(text: string, max = 1_000_000_000): ParseResult {
  return parseScaled(text, 0, max);
}

/** Centavos → the text an input shows for editing ("1234,50", "1234"): no grouping, so it parses back exactly. */
export function centavosToInput(centavos: number): string {
  const whole = Math.trunc(centavos / 100);
  const cents = centavos % 100;
  return cents === 0 ? String(whole) : `${whole},${String(cents).padStart(2, "0")}`;
}
