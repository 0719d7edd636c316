import { dayKeyIn, nextDayKey, weekdayOf } from "@mostrador/contracts/zoned-day";

/** Days as the agenda and the report ask for them: calendar keys "YYYY-MM-DD" of the store. */

export const todayIn = (timeZone: string, now = new Date()) => dayKeyIn(now, timeZone);

/** The day `n` days after (or before, n < 0) `day`. */
export function addDays(day: string, n: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Monday–Sunday week holding `day` (weeks start on Monday, as in Argentina). */
export function weekOf(day: string): { from: string; to: string } {
  const back = (weekdayOf(day) + 6) % 7;
  const from = addDays(day, -back);
  return { from, to: addDays(from, 6) };
}

/** Every day of [from, to]. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = nextDayKey(d)) days.push(d);
  return days;
}

/** The first day of `day`'s month. */
export const monthStart = (day: string) => `${day.slice(0, 8)}01`;
