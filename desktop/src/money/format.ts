/**
 * Money as Argentines read it: "$ 1.234,50". Pure (no Node), shared by receipts, domain messages and tests.
 * Amounts stay integers end to end: pesos and centavos are split with integer arithmetic, never floats.
 */

const groupedInteger = new Intl.NumberFormat("es-AR", { useGrouping: "always", maximumFractionDigits: 0 });

/** Centavos → "$ 1.234,50"; negative → "-$ 150,00" (discounts, refunds, a cash shortfall). */
export function formatMoney(centavos: number): string {
  const sign = centavos < 0 ? "-" : "";
  const abs = Math.abs(centavos);
  const pesos = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}$ ${groupedInteger.format(pesos)},${String(cents).padStart(2, "0")}`;
}
