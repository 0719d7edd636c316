/**
 * Formatting for people, shared by the till and the owner's dashboard: money from integer centavos,
 * instants in a store's time zone, calendar days, quantities, percentages; and the reverse for prices a
 * person types. Pure (Intl only), so it is tested in Node and bundled by both UIs.
 */

export type Locale = "es-AR" | "en";
export const LOCALES: readonly Locale[] = ["es-AR", "en"];
export const DEFAULT_TIME_ZONE = "America/Argentina/Buenos_Aires";

/** Argentina reads the clock in 24 h (ICU's es-AR default is 12 h with "p. m."). */
const hourCycle = (locale: Locale) => (locale === "es-AR" ? ({ hourCycle: "h23" } as const) : {});

const moneyFormats = new Map<Locale, Intl.NumberFormat>();

/** "1234.50" from 123450: the exact decimal, so Intl never sees a binary float. */
function centavosAsDecimal(centavos: number): string {
  const abs = Math.abs(centavos);
  return `${centavos < 0 ? "-" : ""}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Centavos → "$ 1.234,50" (es-AR) / "ARS 1,234.50" (en). */
export function formatMoney(centavos: number, locale: Locale): string {
  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency: "ARS" });
    moneyFormats.set(locale, format);
  }
  return format.format(centavosAsDecimal(centavos) as Intl.StringNumericLiteral);
}

/** Chart axis labels: whole pesos, grouped, no currency sign ("12.500"). */
export function formatPesosShort(centavos: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(
    centavosAsDecimal(centavos) as Intl.StringNumericLiteral,
  );
}

/** An ISO instant as the store's wall-clock date and time. */
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

/** An ISO instant as the store's wall-clock time only ("14:05"). */
export function formatTime(iso: string, locale: Locale, timeZone = DEFAULT_TIME_ZONE): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { timeZone, timeStyle: "short", ...hourCycle(locale) }).format(date);
}

/**
 * A calendar day "YYYY-MM-DD" (already the store's day, computed by the server) as "lun 2/3". Read in
 * UTC on purpose: the key is a date, not an instant, and must not shift with the viewer's zone.
 */
export function formatDayKey(dateKey: string, locale: Locale): string {
  const date = new Date(`${dateKey}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return dateKey;
  return new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "numeric",
  }).format(date);
}

/** Basis points → "10 %", "10,5 %". */
export function formatPercentBp(bp: number, locale: Locale): string {
  const decimal = `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, "0")}`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(decimal as Intl.StringNumericLiteral)} %`;
}

// Built once per locale, like moneyFormats: every line of the ticket formats its quantity on each render,
// and constructing an Intl.NumberFormat costs far more than formatting with one.
const quantityFormats = new Map<string, Intl.NumberFormat>();
function quantityFormat(locale: Locale, kg: boolean): Intl.NumberFormat {
  const key = `${locale}|${kg ? "kg" : "each"}`;
  let format = quantityFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, kg ? { minimumFractionDigits: 3 } : {});
    quantityFormats.set(key, format);
  }
  return format;
}

/** Units as a whole number; weighed goods (grams) as kilograms with three decimals. */
export function formatQuantity(quantity: number, unit: string, locale: Locale): string {
  if (unit !== "kg") return quantityFormat(locale, false).format(quantity);
  const abs = Math.abs(quantity);
  const kg = `${quantity < 0 ? "-" : ""}${Math.trunc(abs / 1000)}.${String(abs % 1000).padStart(3, "0")}`;
  return `${quantityFormat(locale, true).format(kg as Intl.StringNumericLiteral)} kg`;
}

/**
 * A price as an owner types it → centavos, or null. Accepts "1234", "1234,5", "1.234,50" (es-AR) and
 * "1,234.50" (en); at most two decimals, never negative. Parsed as text: no float ever holds money.
 */
export function parsePrice(text: string, locale: Locale): number | null {
  const [group, decimal] = locale === "es-AR" ? [".", ","] : [",", "."];
  const clean = text.replace(/[$\s\u00a0]|ARS/g, "");
  if (!clean) return null;
  const parts = clean.split(decimal);
  if (parts.length > 2) return null;
  const [whole = "", fraction = ""] = parts;
  const digits = whole.split(group).join("");
  if (!/^\d+$/.test(digits) || !/^\d{0,2}$/.test(fraction)) return null;
  // Grouping, when present, must be real thousands groups ("1.234", not "12.34" in es-AR).
  if (whole.includes(group) && !new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`).test(whole)) return null;
  const centavos = Number(digits) * 100 + Number(fraction.padEnd(2, "0"));
  return Number.isSafeInteger(centavos) ? centavos : null;
}

/** Centavos → what goes back into a price field ("1234,50" in es-AR). */
export function priceInputValue(centavos: number, locale: Locale): string {
  const decimal = centavosAsDecimal(centavos);
  return locale === "es-AR" ? decimal.replace(".", ",") : decimal;
}

/** The browser's localStorage where there is one (typed here: the appliance's Node code compiles this file too). */
interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
const browserStorage = () => (globalThis as { localStorage?: KeyValueStorage }).localStorage;

/**
 * The language a person chose on this browser or till, remembered under `key` (each UI its own), or null
 * when none was chosen or storage is unavailable.
 */
export function rememberedLocale(key: string): Locale | null {
  try {
    const value = browserStorage()?.getItem(key);
    return LOCALES.includes(value as Locale) ? (value as Locale) : null;
  } catch {
    return null;
  }
}

/** Remembers a chosen language; in private mode or with full storage it lasts until reload. */
export function rememberLocale(key: string, locale: Locale): void {
  try {
    browserStorage()?.setItem(key, locale);
  } catch {
    // Nothing to do: the choice still applies to this page.
  }
}
