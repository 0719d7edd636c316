import type { Locale } from "@mostrador/contracts/format";

/**
 * Sensor values are measurements (4.7 °C, 45 %), not money: a float is the right type here. People type them
 * the Argentine way ("4,5", "-18", "−18 °C"), so a comma is the decimal mark and a trailing unit is allowed.
 */
export type MeasureProblem = "empty" | "format" | "too_large";

/** The server's outer bound for thresholds (contracts/src/http/rules.ts: Value). */
export const MEASURE_LIMIT = 1_000_000;

export function parseMeasure(text: string, unit = ""): { value: number } | { problem: MeasureProblem } {
  let clean = text.trim().replace(/\u2212/g, "-");
  if (unit && clean.endsWith(unit)) clean = clean.slice(0, -unit.length).trim();
  if (clean === "") return { problem: "empty" };
  // Thousands dots are not allowed here: "1.5" would be ambiguous, so "." and "," both mean the decimal mark.
  if (!/^[-+]?\d+([.,]\d+)?$/.test(clean)) return { problem: "format" };
  const value = Number(clean.replace(",", "."));
  if (!Number.isFinite(value) || Math.abs(value) > MEASURE_LIMIT) return { problem: "too_large" };
  return { value };
}

/** Up to two decimals, in the person's locale: "4,7 °C", "45 %", "1.250 W". */
export function formatMeasure(value: number | null | undefined, unit: string, locale: Locale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  return unit ? `${number} ${unit}` : number;
}

/** A number for an input field, in the person's locale and without grouping ("4,5"), "" for none. */
export function measureText(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "";
  const text = String(Math.round(value * 1000) / 1000);
  return locale === "es-AR" ? text.replace(".", ",") : text;
}
