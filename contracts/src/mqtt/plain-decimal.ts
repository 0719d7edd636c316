/** 10^0 … 10^22: every one is exactly representable as a double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Bytes String.prototype.trim() removes that are ASCII: tab, line feed, vertical tab, form feed, CR, space. */
const isAsciiSpace = (byte: number) => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);

/**
 * A reading's most common payload, a plain decimal such as `4.7` or `-12`, read straight from the bytes: no
 * string, no regular expression. The broker calls this once per reading.
 *
 * It answers only when the value is certain and otherwise returns undefined, and the caller then takes the
 * general path (decode, trim, validate with a regular expression, Number()), which also decides every
 * refusal. It answers for `-?digits[.digits]` with at most 15 digits and surrounding ASCII spaces: the digits
 * form an integer below 2^53 and the divisor is a power of ten up to 10^22, both exact doubles, so their
 * quotient is correctly rounded, exactly the value Number() gives for the same text (Clinger's fast path).
 */
export function plainDecimal(payload: Uint8Array): number | undefined {
  let start = 0;
  let end = payload.length;
  while (start < end && isAsciiSpace(payload[start] as number)) start++;
  while (end > start && isAsciiSpace(payload[end - 1] as number)) end--;
  let i = start;
  const negative = payload[i] === 0x2d; // "-"
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let seenPoint = false;
  for (; i < end; i++) {
    const byte = payload[i] as number;
    if (byte >= 0x30 && byte <= 0x39) {
      mantissa = mantissa * 10 + (byte - 0x30);
      digits++;
      if (seenPoint) fractionDigits++;
    } else if (byte === 0x2e && !seenPoint) {
      seenPoint = true;
    } else {
      return undefined; // an exponent, a second point, a comma, a letter, a non-ASCII byte...
    }
  }
  if (digits === 0 || digits > 15) return undefined;
  const value = mantissa / (POWERS_OF_TEN[fractionDigits] as number);
  return negative ? -value : value;
}
