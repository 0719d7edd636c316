/**
 * How amounts, quantities, dates and numbers look on an Argentine ticket (es-AR):
 * "$ 1.234,50", "0,750 kg", "21/11/2026 10:00", "0001-00000042", CUIT "20-12345678-9".
 * Amounts stay integers end to end: pesos and centavos are split with integer arithmetic, never floats.
 */

const groupedInteger = new Intl.NumberFormat("es-AR", { useGrouping: "always", maximumFractionDigits: 0 });

/** Grams → "0,750 kg" (three decimals, as label scales print them). */
export function formatKg(grams: number): string {
  const kg = Math.trunc(grams / 1000);
  return `${groupedInteger.format(kg)},${String(grams % 1000).padStart(3, "0")} kg`;
}

/** IVA or discount rate in basis points → "21%", "10,5%". */
export function formatRate(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const decimals = String(basisPoints % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return decimals ? `${whole},${decimals}%` : `${whole}%`;
}

/** An 11-digit CUIT → "20-12345678-9"; anything else is printed as stored. */
export function formatCuit(taxId: string): string {
  const digits = taxId.replace(/\D/g, "");
  return digits.length === 11
    ? `${digits.slice(0, 2)}-${digits.slice(2, 10)}-${digits.slice(10)}`
    : taxId.trim();
}

/** A UTC ISO time shown in the shop's time zone: "21/11/2026 10:00". Falls back to Buenos Aires for a bad zone. */
export function formatDateTime(iso: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("es-AR", { ...options, timeZone });
  } catch {
    format = new Intl.DateTimeFormat("es-AR", { ...options, timeZone: "America/Argentina/Buenos_Aires" });
  }
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    format.formatToParts(new Date(iso)).find((p) => p.type === type)?.value ?? "";
  return `${part("day")}/${part("month")}/${part("year")} ${part("hour")}:${part("minute")}`;
}

const PAYMENT_METHOD_NAMES: Record<string, string> = {
  cash: "Efectivo",
  debit: "Tarjeta de débito",
  credit: "Tarjeta de crédito",
  transfer: "Transferencia",
  exchange: "Crédito por cambio",
  account: "Cuenta corriente",
  points: "Puntos",
  card: "Tarjeta prepaga",
  mercadopago: "Mercado Pago",
  deposit: "Seña ya pagada",
  coverage: "A cargo de obra social",
};

export function paymentMethodName(method: string): string {
  return PAYMENT_METHOD_NAMES[method] ?? method;
}

/**
 * Text as the printer can show it: typographic punctuation a product name may carry (pasted from a
 * spreadsheet) becomes its ASCII twin, control characters go. Accents and ñ stay: the printer's
 * code page (PC858) has them.
 */
export function printable(value: string): string {
  return value
    .normalize("NFC")
    .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, "-")
    .replace(/\u2026/g, "...")
    .replace(/[\u00A0\u2007\u202F\t]/g, " ")
    .replace(/\p{Cc}/gu, ""); // control characters (C0, DEL, C1) would be printer commands
}
