import { dayKeyIn, dayStartUtc, isDayKey } from "@mostrador/contracts/zoned-day";

const WALL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

/**
 * A `datetime-local` value ("2026-03-01T23:05"), read as the store's wall clock, as a UTC instant; null
 * when it is not one. (The shop's zone, not the browser's: an owner abroad still means the bar's 23:05.)
 */
export function wallTimeToInstant(wall: string, timeZone: string): string | null {
  const m = WALL.exec(wall);
  if (!m || !isDayKey(m[1] as string)) return null;
  const [hours, minutes] = [Number(m[2]), Number(m[3])];
  if (hours > 23 || minutes > 59) return null;
  const start = Date.parse(dayStartUtc(m[1] as string, timeZone));
  return new Date(start + (hours * 60 + minutes) * 60_000).toISOString();
}

/** Today in the store's zone ("YYYY-MM-DD"), what the period fields start with. */
export const todayIn = (timeZone: string, now: Date = new Date()) => dayKeyIn(now, timeZone);
