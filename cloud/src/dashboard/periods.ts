/**
 * Sales periods and buckets in a store's own time zone. An owner reads "today" as the shop's calendar
 * day and "18 h" as the shop's wall clock, wherever the owner (or the server) happens to be. Pure: no
 * database, no clock; Intl carries the tz database, so DST zones work as well as Argentina (no DST
 * since 2009, UTC−3 all year).
 */

import type { Period } from "@mostrador/contracts/http/dashboard";

export const PERIOD_DAYS: Record<Period, number> = { today: 1, "7d": 7, "30d": 30 };
export const DEFAULT_TIME_ZONE = "America/Argentina/Buenos_Aires";

/** Wall-clock fields of an instant in a zone. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-US with h23 gives plain numeric parts; the locale only shapes the parts, never the values.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA zone name this runtime knows ("America/Argentina/Cordoba", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  return canonicalTimeZone(timeZone) !== null;
}

/** The zone's canonical spelling ("america/new_york" → "America/New_York"), or null if unknown. */
export function canonicalTimeZone(timeZone: string): string | null {
  if (!timeZone || timeZone.length > 64) return null;
  try {
    return formatterFor(timeZone).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant))
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The shop's calendar day of an instant, "YYYY-MM-DD". */
export function localDateKey(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The shop's hour of day (0–23) of an instant. */
export function localHour(instant: Date, timeZone: string): number {
  return zonedParts(instant, timeZone).hour;
}

/** Offset of the zone from UTC at an instant, in minutes (Buenos Aires: −180). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  const floored = Math.floor(instant.getTime() / 60_000) * 60_000;
  return Math.round((asUtc - floored) / 60_000);
}

/** Calendar arithmetic on "YYYY-MM-DD" keys (no zone involved: a calendar day is a calendar day). */
export function addDays(dateKey: string, days: number): string {
  const [y, m, d] = dateKey.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/**
 * The instant a calendar day starts in a zone. Usually local 00:00; where a DST jump skips midnight
 * (some zones spring forward at 00:00), the first instant that exists that day.
 */
export function startOfLocalDay(dateKey: string, timeZone: string): Date {
  const [y, m, d] = dateKey.split("-").map(Number) as [number, number, number];
  const wallAsUtc = Date.UTC(y, m - 1, d);
  // Guess with the offset at the wall time read as UTC, then correct once with the offset at the guess:
  // two rounds settle every real zone, including the day a DST change happens.
  let guess = wallAsUtc - zoneOffsetMinutes(new Date(wallAsUtc), timeZone) * 60_000;
  guess = wallAsUtc - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  // Midnight skipped by a spring-forward: the guess lands on the previous day's late evening.
  if (localDateKey(new Date(guess), timeZone) !== dateKey) guess += 60 * 60_000;
  return new Date(guess);
}

export interface PeriodRange {
  /** First instant of the first day, in the zone. */
  from: Date;
  /**
   * First instant after the last day (exclusive): the end of today, not "now", so a sale stamped a few
   * minutes ahead by a till whose clock runs fast still counts today.
   */
  to: Date;
  /** Every calendar day of the period, oldest first ("YYYY-MM-DD"). */
  days: string[];
}

/** Today / the last 7 / 30 calendar days of the shop (today included). */
export function periodRange(period: Period, now: Date, timeZone: string): PeriodRange {
  const today = localDateKey(now, timeZone);
  const n = PERIOD_DAYS[period];
  const days = Array.from({ length: n }, (_, i) => addDays(today, i - (n - 1)));
  return {
    from: startOfLocalDay(days[0] as string, timeZone),
    to: startOfLocalDay(addDays(today, 1), timeZone),
    days,
  };
}

/** Totals in one bucket: money in centavos and how many tickets. */
export interface Bucket {
  total: number;
  tickets: number;
}

/** Sales already summed per UTC slot (the database groups by 15-minute slots: every real zone offset is a multiple). */
export interface SlotTotals extends Bucket {
  slotStart: Date;
}

/**
 * Re-buckets UTC slot totals by the shop's hour of day (24 entries) and calendar day (one entry per
 * day of the period, empty days included), so a 21:00–03:00 evening falls on the right local days.
 */
export function bucketByLocalTime(
  slots: readonly SlotTotals[],
  days: readonly string[],
  timeZone: string,
): { byHour: Bucket[]; byDay: (Bucket & { date: string })[] } {
  const byHour = Array.from({ length: 24 }, () => ({ total: 0, tickets: 0 }));
  const byDayMap = new Map(days.map((date) => [date, { date, total: 0, tickets: 0 }]));
  for (const slot of slots) {
    const p = zonedParts(slot.slotStart, timeZone);
    const hour = byHour[p.hour];
    if (hour) {
      hour.total += slot.total;
      hour.tickets += slot.tickets;
    }
    const day = byDayMap.get(`${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`);
    if (day) {
      day.total += slot.total;
      day.tickets += slot.tickets;
    }
  }
  return { byHour, byDay: [...byDayMap.values()] };
}
