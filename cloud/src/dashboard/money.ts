/**
 * Integer money arithmetic for the dashboard (centavos). The cloud may not import the appliance's
 * money module (cloud/README.md: no desktop/ imports), so the one operation the dashboard needs lives here.
 */

/** a / b rounded to the nearest integer, halves away from zero (the till's rounding for averages). */
export function divRoundHalfUp(a: number, b: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b === 0)
    throw new RangeError(`divRoundHalfUp needs safe integers and b ≠ 0 (got ${a} / ${b})`);
  const sign = Math.sign(a) * Math.sign(b);
  const absA = Math.abs(a);
  const absB = Math.abs(b);
  const quotient = Math.floor(absA / absB);
  const remainder = absA - quotient * absB;
  return sign * (remainder * 2 >= absB ? quotient + 1 : quotient);
}
