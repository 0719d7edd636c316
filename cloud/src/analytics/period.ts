import { ANALYTICS_MAX_DAYS } from "@mostrador/contracts/http/cloud-analytics";
import { CloudError } from "../core/errors.js";
import { addDays } from "../dashboard/periods.js";

/** A period of calendar days ("YYYY-MM-DD", both included) and the one of equal length just before it. */
export interface AnalyticsPeriod {
  from: string;
  to: string;
  days: number;
  previousFrom: string;
  previousTo: string;
}

function isRealDate(key: string): boolean {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Checks the filter's dates (the schema checks their shape only) and finds the previous period. */
export function analyticsPeriod(from: string, to: string): AnalyticsPeriod {
  if (!isRealDate(from) || !isRealDate(to))
    throw new CloudError(
      "invalid",
      "date_invalid",
      "La fecha no existe: usá AAAA-MM-DD (por ejemplo 2026-03-01)",
    );
  const days = daysBetween(from, to);
  if (days < 1)
    throw new CloudError("invalid", "period_reversed", "La fecha «desde» es posterior a la fecha «hasta»");
  if (days > ANALYTICS_MAX_DAYS)
    throw new CloudError(
      "invalid",
      "period_too_long",
      `El período puede tener hasta ${ANALYTICS_MAX_DAYS} días; este tiene ${days}`,
    );
  const previousTo = addDays(from, -1);
  return { from, to, days, previousTo, previousFrom: addDays(previousTo, -(days - 1)) };
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(dateKey: string): number {
  const d = new Date(`${dateKey}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
