import type { Schedule } from "@mostrador/contracts/http/rules";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Day of week (0 = Sunday) and minutes since midnight of an instant, on the shop's wall clock. */
export function localTime(atMs: number, timeZone: string): { day: number; minutes: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(atMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: WEEKDAYS.indexOf(get("weekday")), minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether `atMs` falls inside the schedule. A window whose end is before its start crosses midnight and
 * belongs to the day it starts (Friday 21:00–08:00 covers Saturday 03:00); from == to means all day.
 */
export function inSchedule(schedule: Schedule | null, atMs: number, timeZone: string): boolean {
  if (!schedule) return true;
  const { day, minutes } = localTime(atMs, timeZone);
  const from = toMinutes(schedule.from);
  const to = toMinutes(schedule.to);
  const has = (d: number) => schedule.days.includes(d);
  if (from === to) return has(day);
  if (from < to) return has(day) && minutes >= from && minutes < to;
  return (has(day) && minutes >= from) || (has((day + 6) % 7) && minutes < to);
}
