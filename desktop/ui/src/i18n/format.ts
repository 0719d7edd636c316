/**
 * Pure formatting for people: money from integer centavos, dates in the shop's time zone, quantities.
 * Kept free of React and stores so it can be unit-tested in Node.
 */

export type Locale = "es-AR" | "en";
export const LOCALES: readonly Locale[] = ["es-AR", "en"];
export const DEFAULT_TIME_ZONE = "America/Argentina/Buenos_Aires";

/** Argentina reads the clock in 24 h (ICU's es-AR default is 12 h with "p. m."). */
const hourCycle = (locale: Locale) => (locale === "es-AR" ? ({ hourCycle: "h23" } as const) : {});

const moneyFormats = new Map<Locale, Intl.NumberFormat>();

/** Centavos → "$ 1.234,50" (es-AR) / "ARS 1,234.50" (en). The value goes to Intl as a decimal string, never as a float. */
export function formatMoney(centavos: number, locale: Locale): string {
  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency: "ARS" });
    moneyFormats.set(locale, format);
  }
  const negative = centavos < 0;
  const abs = Math.abs(centavos);
  const decimal = `${negative ? "-" : ""}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
  return format.format(decimal as Intl.StringNumericLiteral);
}

/** An ISO-8601 UTC instant shown as the shop's wall-clock date and time. */
export function formatDateTime(iso: string, locale: Locale, timeZone = DEFAULT_TIME_ZONE): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    dateStyle: "short",
    timeStyle: "short",
    ...hourCycle(locale),
  }).format(date);
}

export function formatTime(iso: string, locale: Locale, timeZone = DEFAULT_TIME_ZONE): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { timeZone, timeStyle: "short", ...hourCycle(locale) }).format(date);
}

/** Units as a whole number; weighed goods (stored in grams) as kilograms with three decimals. */
export function formatQuantity(quantity: number, unit: "each" | "kg", locale: Locale): string {
  if (unit === "each") return new Intl.NumberFormat(locale).format(quantity);
  const kg = `${Math.trunc(quantity / 1000)}.${String(quantity % 1000).padStart(3, "0")}`;
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 3 }).format(kg as Intl.StringNumericLiteral)} kg`;
}

/** Basis points → "10 %", "10,5 %". */
export function formatPercentBp(bp: number, locale: Locale): string {
  const decimal = `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, "0")}`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(decimal as Intl.StringNumericLiteral)} %`;
}
