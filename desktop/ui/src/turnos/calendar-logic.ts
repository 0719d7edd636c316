import type { Booking, HoursRow } from "@mostrador/contracts/http/turnos";
import { dayKeyIn, nextDayKey, wallTimeMs, weekdayOf } from "@mostrador/contracts/zoned-day";

/** The seven days (Monday first) of the week holding `dayKey`. */
export function weekOf(dayKey: string): string[] {
  const back = (weekdayOf(dayKey) + 6) % 7;
  let day = new Date(Date.parse(`${dayKey}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
  const out: string[] = [];
  for (let i = 0; i < 7; i++, day = nextDayKey(day)) out.push(day);
  return out;
}

/** `dayKey` moved by `days` (negative: back). */
export function addDays(dayKey: string, days: number): string {
  return new Date(Date.parse(`${dayKey}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Minutes after the shop's local midnight of the instant `iso`. */
export function localMinuteOf(iso: string, timeZone: string): number {
  const day = dayKeyIn(iso, timeZone);
  return Math.round((Date.parse(iso) - wallTimeMs(day, 0, timeZone)) / 60_000);
}

/** The UTC instant of a local wall time, as the API takes it. */
export function instantAt(dayKey: string, minute: number, timeZone: string): string {
  return new Date(wallTimeMs(dayKey, minute, timeZone)).toISOString();
}

/** "09:30" for 570. */
export const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** 570 for "09:30"; null when it is not a time. */
export function minuteOf(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 24 && min < 60 && h * 60 + min <= 1440 ? h * 60 + min : null;
}

/** The calendar's rows: from the earliest working hour to the latest (08–20 when none), every `step` minutes. */
export function gridRows(hours: readonly HoursRow[], step: number): number[] {
  const work = hours.filter((h) => h.kind === "work");
  const from = work.length ? Math.min(...work.map((h) => h.startMinute)) : 480;
  const to = work.length ? Math.max(...work.map((h) => h.endMinute)) : 1200;
  const rows: number[] = [];
  for (let m = from; m < to; m += step) rows.push(m);
  return rows;
}

/** Bookings that occupy the calendar (cancelled ones are left out). */
export const visible = (bookings: readonly Booking[]) => bookings.filter((b) => b.state !== "cancelled");

/** Today's waiting room: patients who arrived and are not yet attended, first come first. */
export const waitingRoom = (bookings: readonly Booking[]) =>
  bookings
    .filter((b) => b.state === "arrived")
    .sort((a, b) => (a.arrivedAt ?? a.start).localeCompare(b.arrivedAt ?? b.start));

/** Seconds left of a hold ("Reservar unos minutos") at `nowMs`, never below zero. */
export function holdSecondsLeft(holdExpiresAt: string | null, nowMs: number): number {
  if (!holdExpiresAt) return 0;
  return Math.max(0, Math.ceil((Date.parse(holdExpiresAt) - nowMs) / 1000));
}

/** "4:05": a countdown of seconds as minutes and seconds. */
export function countdown(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** The agenda shown first: the logged-in staff member's own when they are a professional, else the first. */
export function firstAgenda<P extends { id: string; staffId: string | null }>(
  professionals: readonly P[],
  staffId: string | null,
): P | undefined {
  return professionals.find((p) => staffId !== null && p.staffId === staffId) ?? professionals[0];
}
