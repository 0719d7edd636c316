/**
 * The change typed in the bulk price screen, es-AR style with an optional minus: "10" or "7,5" (%) for a
 * percentage, "150" or "-99,90" (pesos) for an amount. Answers basis points or centavos; null when the
 * text is not a number or is zero.
 */
export function parseChange(text: string): number | null {
  const clean = text
    .trim()
    .replace(/\s|%|\$/g, "")
    .replace(/\./g, "")
    .replace(",", ".");
  if (!/^[-−]?\d+(\.\d{1,2})?$/.test(clean)) return null;
  const value = Math.round(Number(clean.replace("−", "-")) * 100);
  return value === 0 || !Number.isSafeInteger(value) ? null : value;
}
