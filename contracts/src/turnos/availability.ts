import type { FreeSlot, Service, TurnosRules } from "../http/turnos.js";
import { dayKeyIn, isDayKey, nextDayKey, wallTimeMs, weekdayOf } from "../zoned-day.js";
import { Refusal } from "../refusal.js";

/**
 * Availability of turnos (docs/turnos.md), pure: the SAME code answers at the desk (desktop/src/turnos,
 * over SQLite) and online (cloud/src/turnos, over PostgreSQL). Each side reads its rows and its keys and
 * hands them here; nothing here knows a database.
 */

/** The key unit (docs/turnos.md): every booking covers whole 5-minute units. */
export const UNIT_MS = 300_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

export interface Span {
  start: number;
  end: number;
}

/** A professional's day: when they attend (work minus breaks), and the breaks and leave, in UTC ms. */
export interface DayPlan {
  open: Span[];
  breaks: Span[];
  /** A whole day off (holiday, leave) with no extra window. */
  closed: boolean;
}

/** A row of the weekly hours, minutes from local midnight. */
export interface WeeklyHoursRow {
  weekday: number;
  kind: "work" | "break";
  start: number;
  end: number;
}

/** A day off (closed; no minutes: the whole day), leave for some hours, or an extra window. */
export interface DayExceptionRow {
  day: string;
  kind: "closed" | "extra";
  start: number | null;
  end: number | null;
}

function subtract(spans: Span[], cut: Span[]): Span[] {
  let out = spans;
  for (const c of cut) {
    const next: Span[] = [];
    for (const s of out) {
      if (c.end <= s.start || c.start >= s.end) next.push(s);
      else {
        if (c.start > s.start) next.push({ start: s.start, end: c.start });
        if (c.end < s.end) next.push({ start: c.end, end: s.end });
      }
    }
    out = next;
  }
  return out;
}

function merged(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * A professional's days from their weekly hours and the exceptions that apply to them (their own and
 * the shop's holidays): work − breaks − leave + extra, wall time → UTC on each day (DST-safe).
 */
export function dayPlanner(
  hours: readonly WeeklyHoursRow[],
  exceptions: readonly DayExceptionRow[],
  timeZone: string,
): (day: string) => DayPlan {
  const byDay = new Map<string, DayExceptionRow[]>();
  for (const e of exceptions) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
  return (day: string): DayPlan => {
    const weekday = weekdayOf(day);
    const ex = byDay.get(day) ?? [];
    const wholeDayOff = ex.some((e) => e.kind === "closed" && e.start === null);
    const work: Span[] = wholeDayOff
      ? []
      : hours.filter((h) => h.weekday === weekday && h.kind === "work").map((h) => ({ ...h }));
    for (const e of ex)
      if (e.kind === "extra" && e.start !== null && e.end !== null) work.push({ start: e.start, end: e.end });
    const breaks: Span[] = hours
      .filter((h) => h.weekday === weekday && h.kind === "break")
      .map((h) => ({ start: h.start, end: h.end }));
    for (const e of ex)
      if (e.kind === "closed" && e.start !== null && e.end !== null)
        breaks.push({ start: e.start, end: e.end });
    const toUtc = (s: Span): Span => ({
      start: wallTimeMs(day, s.start, timeZone),
      end: wallTimeMs(day, s.end, timeZone),
    });
    const open = subtract(merged(work), breaks).map(toUtc);
    return { open, breaks: breaks.map(toUtc), closed: wholeDayOff && open.length === 0 };
  };
}

type Occupying = Pick<Service, "durationMinutes" | "bufferBeforeMinutes" | "bufferAfterMinutes">;

/** The units a booking of `service` starting at `start` occupies: its time widened by its buffers. */
export function unitsOf(service: Occupying, start: number): number[] {
  const from = Math.floor((start - service.bufferBeforeMinutes * MINUTE) / UNIT_MS);
  const to = Math.ceil((start + (service.durationMinutes + service.bufferAfterMinutes) * MINUTE) / UNIT_MS);
  const out: number[] = [];
  for (let u = from; u < to; u++) out.push(u);
  return out;
}

/** The bookable window of the rules: from now + minimum notice, to now + horizon. */
export function bookableWindow(rules: TurnosRules, now: number): Span {
  return { start: now + rules.minNoticeMinutes * MINUTE, end: now + rules.horizonDays * DAY };
}

/** The units to read keys for when looking at days fromDay..toDay (a margin for buffers). */
export function unitRangeOf(fromDay: string, toDay: string, timeZone: string): { from: number; to: number } {
  return {
    from: Math.floor(wallTimeMs(fromDay, 0, timeZone) / UNIT_MS) - 100,
    to: Math.ceil(wallTimeMs(nextDayKey(toDay), 0, timeZone) / UNIT_MS) + 100,
  };
}

/** One professional as availability sees them: their days, and whether a unit of theirs may be booked. */
export interface ProfessionalCalendar {
  id: string;
  planOf: (day: string) => DayPlan;
  /** At the desk: no key. Online: held by the cloud's allotment and no online key. */
  unitFree: (unit: number) => boolean;
}

export interface FreeStartsInput {
  service: Occupying;
  professionals: readonly ProfessionalCalendar[];
  /** The service's resources, each a unit-free test; empty: the service needs none. */
  resources: readonly ((unit: number) => boolean)[];
  fromDay: string;
  toDay: string;
  slotMinutes: number;
  /** The rules' bookable window (bookableWindow). */
  window: Span;
  /** Only starts at or after this instant (the next free slots after a refusal). */
  after?: number;
  limit?: number;
}

/**
 * Free starts for a service: each professional's open windows stepped by the slot interval, where the
 * service time fits inside one window and its occupied units (± buffers) are free for the professional
 * and for at least one of the service's resources; inside the bookable window. Sorted by start.
 */
export function freeStarts(input: FreeStartsInput): FreeSlot[] {
  const { service } = input;
  const earliest = Math.max(input.window.start, input.after ?? 0);
  const duration = service.durationMinutes * MINUTE;
  const step = input.slotMinutes * MINUTE;
  const out: FreeSlot[] = [];
  for (const pro of input.professionals) {
    for (let day = input.fromDay; day <= input.toDay; day = nextDayKey(day)) {
      for (const open of pro.planOf(day).open) {
        for (let start = open.start; start + duration <= open.end; start += step) {
          if (start < earliest || start >= input.window.end) continue;
          const units = unitsOf(service, start);
          if (!units.every(pro.unitFree)) continue;
          if (input.resources.length > 0 && !input.resources.some((free) => units.every(free))) continue;
          out.push({
            start: new Date(start).toISOString(),
            end: new Date(start + duration).toISOString(),
            professionalId: pro.id,
          });
        }
      }
    }
  }
  out.sort((a, b) => a.start.localeCompare(b.start) || a.professionalId.localeCompare(b.professionalId));
  return input.limit ? out.slice(0, input.limit) : out;
}

/**
 * The next `limit` free slots after `after`, looking ahead a week at a time up to `horizonEnd`;
 * `search(fromDay, toDay, limit)` answers one week (each side's freeSlots over its own keys).
 */
export function nextFree(
  search: (fromDay: string, toDay: string, limit: number) => FreeSlot[],
  opts: { after: number; now: number; horizonEnd: number; timeZone: string; limit: number },
): FreeSlot[] {
  const lastDay = dayKeyIn(new Date(opts.horizonEnd), opts.timeZone);
  let from = dayKeyIn(new Date(Math.max(opts.after, opts.now)), opts.timeZone);
  const found: FreeSlot[] = [];
  while (from <= lastDay && found.length < opts.limit) {
    let to = from;
    for (let i = 0; i < 6 && to < lastDay; i++) to = nextDayKey(to);
    found.push(...search(from, to, opts.limit - found.length));
    from = nextDayKey(to);
  }
  return found.slice(0, opts.limit);
}

export const MAX_RANGE_DAYS = 62;

/** A range of the shop's days a person asked for: real days, in order, at most 62 of them. */
export function checkDayRange(fromDay: string, toDay: string): void {
  if (!isDayKey(fromDay) || !isDayKey(toDay))
    throw new Refusal("invalid", "invalid_day", "La fecha no existe");
  if (toDay < fromDay)
    throw new Refusal("invalid", "range_reversed", "La fecha final es anterior a la inicial");
  if (Date.parse(toDay) - Date.parse(fromDay) > MAX_RANGE_DAYS * DAY)
    throw new Refusal("invalid", "range_too_long", `Se consultan hasta ${MAX_RANGE_DAYS} días por vez`);
}

/** Why a start cannot be booked by the rules (hours, breaks, days off), or null when it fits a window. */
export function placeRefusal(
  plan: DayPlan,
  start: number,
  durationMinutes: number,
  professionalName: string,
): Refusal | null {
  const end = start + durationMinutes * MINUTE;
  if (plan.open.some((w) => w.start <= start && end <= w.end)) return null;
  if (plan.closed) return new Refusal("invalid", "day_closed", `${professionalName} no atiende ese día`);
  if (plan.breaks.some((b) => b.start < end && start < b.end))
    return new Refusal("invalid", "across_break", "El turno cruza una pausa del profesional");
  return new Refusal("invalid", "outside_hours", `Fuera del horario de atención de ${professionalName}`);
}

/** A run of units [from, to), as allotments travel (contracts/src/sync/turnos.ts UnitRange). */
export type UnitRange = [number, number];

/** Sorted, distinct units as runs [from, to). */
export function toRanges(units: Iterable<number>): UnitRange[] {
  const sorted = [...new Set(units)].sort((a, b) => a - b);
  const out: UnitRange[] = [];
  for (const u of sorted) {
    const last = out.at(-1);
    if (last && last[1] === u) last[1] = u + 1;
    else out.push([u, u + 1]);
  }
  return out;
}

/** Every unit of some runs. */
export function unitsOfRanges(ranges: readonly (readonly [number, number])[]): number[] {
  const out: number[] = [];
  for (const [from, to] of ranges) for (let u = from; u < to; u++) out.push(u);
  return out;
}
