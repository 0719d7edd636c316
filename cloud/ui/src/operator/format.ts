import type { Locale } from "@mostrador/contracts/format";

const tag = (locale: Locale) => (locale === "en" ? "en-US" : "es-AR");

/** Minor units of `currency` for a person (USD 4900 → "US$ 49,00" in es-AR). Display only. */
export function formatMinor(amount: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(tag(locale), { style: "currency", currency }).format(amount / 100);
}

/** Basis points as a percentage (3333 → "33,33 %"); null → "—". */
export function formatBasis(bp: number | null, locale: Locale): string {
  if (bp === null) return "—";
  return new Intl.NumberFormat(tag(locale), { style: "percent", maximumFractionDigits: 2 }).format(
    bp / 10_000,
  );
}

/** An instant in Argentina's time, where the operators work. */
export function formatInstant(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: "America/Argentina/Buenos_Aires",
  }).format(new Date(iso));
}

export function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), {
    dateStyle: "medium",
    timeZone: "America/Argentina/Buenos_Aires",
  }).format(new Date(iso));
}
