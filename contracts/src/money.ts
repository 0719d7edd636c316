import { MAX_AMOUNT } from "./limits.js";

/**
 * Money is integer centavos, never floats. These helpers do the only divisions the till and the
 * dashboard need, with the rounding rule stated once for both: half away from zero, to the centavo.
 * Intermediate products go through BigInt so a large price × a large weight never loses precision.
 */

/** Largest amount accepted anywhere (ticket, line, payment), the cloud's too. Past it, input is refused. */
export { MAX_AMOUNT };

export function isAmount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_AMOUNT;
}

/** round(numerator / denominator), half away from zero, exact for any safe integers. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/**
 * a ÷ b rounded half away from zero, on safe integers (an average ticket): exact where float division
 * is not. Refuses b = 0 and non-integers instead of returning NaN.
 */
export function divide(a: number, b: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b === 0)
    throw new RangeError(`divide needs safe integers and b ≠ 0 (got ${a} / ${b})`);
  return Number(divRound(BigInt(a), BigInt(b)));
}

/** a × b ÷ c rounded half away from zero, on safe integers. */
export function mulDiv(a: number, b: number, c: number): number {
  return Number(divRound(BigInt(a) * BigInt(b), BigInt(c)));
}

/**
 * Splits `total` across `weights` in proportion, so the parts add up to exactly `total`
 * (largest remainder method). Used to spread a ticket discount over lines and IVA rates.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const big = BigInt(total);
  const bigSum = BigInt(sum);
  const parts = weights.map((w) => (big * BigInt(w)) / bigSum);
  const remainders = weights.map((w, i) => ({ i, r: (big * BigInt(w)) % bigSum }));
  let left = total - parts.reduce((a, b) => a + Number(b), 0);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left--;
  }
  return parts.map(Number);
}

const groupedInteger = new Intl.NumberFormat("es-AR", { useGrouping: "always", maximumFractionDigits: 0 });

/**
 * Centavos as the servers say them in Spanish sentences (receipts, domain refusals, a limit in words):
 * "$ 1.234,50"; negative "-$ 150,00" (discounts, refunds, a cash shortfall). Pesos and centavos are split
 * with integer arithmetic, never floats. A plain space, as receipts and refusals have always printed
 * it; the UIs format by the person's locale with format.ts's formatMoney (Intl's currency style, with
 * a no-break space: "$\u00a01.234,50", "ARS\u00a01,234.50").
 */
export function formatMoney(centavos: number): string {
  const sign = centavos < 0 ? "-" : "";
  const abs = Math.abs(centavos);
  const pesos = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}$ ${groupedInteger.format(pesos)},${String(cents).padStart(2, "0")}`;
}
