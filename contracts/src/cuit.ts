/**
 * CUIT/CUIL (Argentine tax id): 11 digits, XX-XXXXXXXX-X. The last digit is a mod-11 check over the first ten
 * with weights 5,4,3,2,7,6,5,4,3,2 (AFIP): 11 − (sum mod 11), where 11 → 0 and 10 is never issued.
 * A typo caught here would otherwise be printed on every receipt.
 */

const WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

export type CuitProblem = "format" | "check_digit";

/** Dashes, dots and spaces are accepted as people type them; what remains must be 11 digits. */
function digitsOf(text: string): string | null {
  const digits = text.replace(/[-.\s]/g, "");
  return /^\d{11}$/.test(digits) ? digits : null;
}

export function cuitProblem(text: string): CuitProblem | null {
  const digits = digitsOf(text);
  if (!digits) return "format";
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  const rest = 11 - (sum % 11);
  const expected = rest === 11 ? 0 : rest;
  return expected === 10 || expected !== Number(digits[10]) ? "check_digit" : null;
}

/** "30712345671" → "30-71234567-1" (the form receipts print); anything not 11 digits is returned trimmed. */
export function normalizeCuit(text: string): string {
  const digits = digitsOf(text);
  return digits ? `${digits.slice(0, 2)}-${digits.slice(2, 10)}-${digits.slice(10)}` : text.trim();
}
