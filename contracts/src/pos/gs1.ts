/**
 * GS1 check digits (EAN-8, UPC-A, EAN-13, GTIN-14): mod 10 over the digits, weighted 3 and 1
 * alternately starting with 3 at the digit next to the check digit. A misread scan almost
 * always breaks the check digit, so a bad one is refused rather than looked up.
 */

/** Lengths of the numeric GS1 codes whose last digit is a check digit. */
const GS1_LENGTHS = new Set([8, 12, 13, 14]);

const DIGITS = /^[0-9]+$/;

/** True for an all-digit code of a GS1 length (EAN-8, UPC-A, EAN-13, GTIN-14): it carries a check digit. */
export function isGs1Numeric(code: string): boolean {
  return DIGITS.test(code) && GS1_LENGTHS.has(code.length);
}

/** The check digit for `body` (the code without its last digit). */
export function gs1CheckDigit(body: string): number {
  if (!DIGITS.test(body)) throw new RangeError("a GS1 body has digits only");
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Weight 3 for the rightmost body digit, then alternating 1, 3, ...
    const fromRight = body.length - 1 - i;
    sum += Number(body[i]) * (fromRight % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the code's last digit is the right GS1 check digit for the rest. */
export function hasValidCheckDigit(code: string): boolean {
  if (!isGs1Numeric(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/** Appends the check digit: `withCheckDigit("779123456789")` → a valid EAN-13. */
export function withCheckDigit(body: string): string {
  return `${body}${gs1CheckDigit(body)}`;
}
