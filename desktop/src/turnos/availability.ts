import type { AvailabilityQuery, FreeSlot, Service, TurnosRules } from "@mostrador/contracts/http/turnos";
import { dayKeyIn, isDayKey, nextDayKey, wallTimeMs, weekdayOf } from "@mostrador/contracts/zoned-day";
import { DomainError } from "@mostrador/kernel/core/errors";
import { type Ctx, nowMs } from "@mostrador/kernel/core/context";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { getProfessional, getRules, getService } from "./setup.js";

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

interface MinuteSpan {
  start: number;
  end: number;
}

function subtract(spans: MinuteSpan[], cut: MinuteSpan[]): MinuteSpan[] {
  let out = spans;
  for (const c of cut) {
    const next: MinuteSpan[] = [];
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

function merged(spans: MinuteSpan[]): MinuteSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: MinuteSpan[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

interface HoursRowDb {
  weekday: number;
  kind: "work" | "break";
  start: number;
  end: number;
}
interface ExceptionRowDb {
  day: string;
  kind: "closed" | "extra";
  start: number | null;
  end: number | null;
}

/** What a professional's days are made of, read once for a range of days. */
export function dayPlanner(db: Db, professionalId: string, fromDay: string, toDay: string, timeZone: string) {
  const hours = stmt(
    db,
    `SELECT weekday, kind, start_minute AS start, end_minute AS end FROM turno_weekly_hours WHERE professional_id = ?`,
  ).all(professionalId) as HoursRowDb[];
  const exceptions = stmt(
    db,
    `SELECT day, kind, start_minute AS start, end_minute AS end FROM turno_exceptions
     WHERE (professional_id = ? OR professional_id IS NULL) AND day BETWEEN ? AND ?`,
  ).all(professionalId, fromDay, toDay) as ExceptionRowDb[];
  const byDay = new Map<string, ExceptionRowDb[]>();
  for (const e of exceptions) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);

  return (day: string): DayPlan => {
    const weekday = weekdayOf(day);
    const ex = byDay.get(day) ?? [];
    const wholeDayOff = ex.some((e) => e.kind === "closed" && e.start === null);
    const work: MinuteSpan[] = wholeDayOff
      ? []
      : hours.filter((h) => h.weekday === weekday && h.kind === "work");
    for (const e of ex)
      if (e.kind === "extra" && e.start !== null && e.end !== null) work.push({ start: e.start, end: e.end });
    const breaks: MinuteSpan[] = hours.filter((h) => h.weekday === weekday && h.kind === "break");
    for (const e of ex)
      if (e.kind === "closed" && e.start !== null && e.end !== null)
        breaks.push({ start: e.start, end: e.end });
    const toUtc = (s: MinuteSpan): Span => ({
      start: wallTimeMs(day, s.start, timeZone),
      end: wallTimeMs(day, s.end, timeZone),
    });
    const open = subtract(merged(work), breaks).map(toUtc);
    return { open, breaks: breaks.map(toUtc), closed: wholeDayOff && open.length === 0 };
  };
}

/** The units a booking of `service` starting at `start` occupies: its time widened by its buffers. */
export function unitsOf(
  service: Pick<Service, "durationMinutes" | "bufferBeforeMinutes" | "bufferAfterMinutes">,
  start: number,
): number[] {
  const from = Math.floor((start - service.bufferBeforeMinutes * MINUTE) / UNIT_MS);
  const to = Math.ceil((start + (service.durationMinutes + service.bufferAfterMinutes) * MINUTE) / UNIT_MS);
  const out: number[] = [];
  for (let u = from; u < to; u++) out.push(u);
  return out;
}

/**
 * The units of an owner (a professional or a resource) taken in [fromUnit, toUnit): by bookings, by
 * unexpired holds, or by an allotment to the cloud.
 */
export function takenUnits(
  db: Db,
  ownerId: string,
  fromUnit: number,
  toUnit: number,
  nowIso: string,
): Set<number> {
  const rows = stmt(
    db,
    `SELECT s.unit FROM turno_slots s LEFT JOIN turno_bookings b ON b.id = s.booking_id
     WHERE s.owner_id = ? AND s.unit >= ? AND s.unit < ?
       AND NOT (b.state IS 'held' AND b.hold_expires_at <= ?)`,
  ).all(ownerId, fromUnit, toUnit, nowIso) as { unit: number }[];
  return new Set(rows.map((r) => r.unit));
}

export interface AvailabilityInput {
  service: Service;
  professionalIds: string[];
  fromDay: string;
  toDay: string;
  /** Only starts at or after this instant (the next free slots after a refusal). */
  after?: number;
  limit?: number;
}

/** The bookable window of the rules: from now + minimum notice, to now + horizon. */
export function bookableWindow(rules: TurnosRules, now: number): Span {
  return { start: now + rules.minNoticeMinutes * MINUTE, end: now + rules.horizonDays * DAY };
}

/**
 * Free starts for a service: each professional's open windows stepped by the slot interval, where the
 * service time fits inside one window and its occupied units (± buffers) are free for the professional
 * and for at least one of the service's resources; inside minimum notice and horizon. Sorted by start.
 */
export function freeSlots(ctx: Ctx, input: AvailabilityInput): FreeSlot[] {
  const { db } = ctx;
  const rules = getRules(db);
  const timeZone = getSettings(db).timeZone;
  const now = nowMs(ctx.clock);
  const nowIso = new Date(now).toISOString();
  const window = bookableWindow(rules, now);
  const earliest = Math.max(window.start, input.after ?? 0);
  const service = input.service;
  const duration = service.durationMinutes * MINUTE;
  const step = rules.slotMinutes * MINUTE;
  const rangeFrom = Math.floor(wallTimeMs(input.fromDay, 0, timeZone) / UNIT_MS) - 100;
  const rangeTo = Math.ceil(wallTimeMs(nextDayKey(input.toDay), 0, timeZone) / UNIT_MS) + 100;
  const resources = service.resourceIds.map((id) => takenUnits(db, id, rangeFrom, rangeTo, nowIso));
  const out: FreeSlot[] = [];

  for (const professionalId of input.professionalIds) {
    const taken = takenUnits(db, professionalId, rangeFrom, rangeTo, nowIso);
    const planOf = dayPlanner(db, professionalId, input.fromDay, input.toDay, timeZone);
    for (let day = input.fromDay; day <= input.toDay; day = nextDayKey(day)) {
      for (const open of planOf(day).open) {
        for (let start = open.start; start + duration <= open.end; start += step) {
          if (start < earliest || start >= window.end) continue;
          const units = unitsOf(service, start);
          if (units.some((u) => taken.has(u))) continue;
          if (resources.length > 0 && !resources.some((r) => units.every((u) => !r.has(u)))) continue;
          out.push({
            start: new Date(start).toISOString(),
            end: new Date(start + duration).toISOString(),
            professionalId,
          });
        }
      }
    }
  }
  out.sort((a, b) => a.start.localeCompare(b.start) || a.professionalId.localeCompare(b.professionalId));
  return input.limit ? out.slice(0, input.limit) : out;
}

/** The next `limit` free slots after `after`, looking ahead a week at a time up to the horizon. */
export function nextFreeSlots(
  ctx: Ctx,
  service: Service,
  professionalIds: string[],
  after: number,
  limit = 5,
): FreeSlot[] {
  const rules = getRules(ctx.db);
  const timeZone = getSettings(ctx.db).timeZone;
  const end = bookableWindow(rules, nowMs(ctx.clock)).end;
  const lastDay = dayKeyIn(new Date(end), timeZone);
  let from = dayKeyIn(new Date(Math.max(after, nowMs(ctx.clock))), timeZone);
  const found: FreeSlot[] = [];
  while (from <= lastDay && found.length < limit) {
    let to = from;
    for (let i = 0; i < 6 && to < lastDay; i++) to = nextDayKey(to);
    found.push(
      ...freeSlots(ctx, {
        service,
        professionalIds,
        fromDay: from,
        toDay: to,
        after,
        limit: limit - found.length,
      }),
    );
    from = nextDayKey(to);
  }
  return found.slice(0, limit);
}

const MAX_RANGE_DAYS = 62;

/** A range of the shop's days a person asked for: real days, in order, at most 62 of them. */
export function checkDayRange(fromDay: string, toDay: string): void {
  if (!isDayKey(fromDay) || !isDayKey(toDay))
    throw new DomainError("invalid", "invalid_day", "La fecha no existe");
  if (toDay < fromDay)
    throw new DomainError("invalid", "range_reversed", "La fecha final es anterior a la inicial");
  if (Date.parse(toDay) - Date.parse(fromDay) > MAX_RANGE_DAYS * DAY)
    throw new DomainError("invalid", "range_too_long", `Se consultan hasta ${MAX_RANGE_DAYS} días por vez`);
}

/** GET /turnos/availability: free slots of a service at one professional or "cualquiera". */
export function availability(ctx: Ctx, query: AvailabilityQuery): FreeSlot[] {
  checkDayRange(query.from, query.to);
  const service = getService(ctx.db, query.serviceId);
  let professionalIds: string[];
  if (query.professionalId) {
    const pro = getProfessional(ctx.db, query.professionalId);
    if (!pro.serviceIds.includes(service.id))
      throw new DomainError(
        "invalid",
        "service_not_given",
        `${pro.name} no da el servicio «${service.name}»`,
      );
    professionalIds = pro.active ? [pro.id] : [];
  } else {
    professionalIds = (
      stmt(
        ctx.db,
        `SELECT p.id FROM turno_professionals p JOIN turno_professional_services ps ON ps.professional_id = p.id
         WHERE ps.service_id = ? AND p.active = 1`,
      ).all(service.id) as { id: string }[]
    ).map((r) => r.id);
  }
  if (!service.active) return [];
  return freeSlots(ctx, { service, professionalIds, fromDay: query.from, toDay: query.to });
}
