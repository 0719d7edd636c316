import type { AvailabilityQuery, FreeSlot, Service } from "@mostrador/contracts/http/turnos";
import {
  bookableWindow,
  checkDayRange as checkRange,
  type DayExceptionRow,
  type DayPlan,
  dayPlanner as plannerOf,
  freeStarts,
  nextFree,
  unitRangeOf,
  type WeeklyHoursRow,
} from "@mostrador/contracts/turnos/availability";
import { Refusal } from "@mostrador/contracts/refusal";
import { DomainError } from "@mostrador/kernel/core/errors";
import { type Ctx, nowMs } from "@mostrador/kernel/core/context";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { getProfessional, getRules, getService } from "./setup.js";

// The pure part (day plans, units, stepping, windows) is shared with the cloud: contracts/src/turnos.
export { bookableWindow, UNIT_MS, unitsOf } from "@mostrador/contracts/turnos/availability";
export type { DayPlan, Span } from "@mostrador/contracts/turnos/availability";

/** What a professional's days are made of, read once for a range of days. */
export function dayPlanner(
  db: Db,
  professionalId: string,
  fromDay: string,
  toDay: string,
  timeZone: string,
): (day: string) => DayPlan {
  const hours = stmt(
    db,
    `SELECT weekday, kind, start_minute AS start, end_minute AS end FROM turno_weekly_hours WHERE professional_id = ?`,
  ).all(professionalId) as WeeklyHoursRow[];
  const exceptions = stmt(
    db,
    `SELECT day, kind, start_minute AS start, end_minute AS end FROM turno_exceptions
     WHERE (professional_id = ? OR professional_id IS NULL) AND day BETWEEN ? AND ?`,
  ).all(professionalId, fromDay, toDay) as DayExceptionRow[];
  return plannerOf(hours, exceptions, timeZone);
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

/**
 * Free starts for a service at the desk: the shared stepping (contracts/src/turnos/availability.ts)
 * over this appliance's keys (a unit is free when no booking, hold or allotment has its key).
 */
export function freeSlots(ctx: Ctx, input: AvailabilityInput): FreeSlot[] {
  const { db } = ctx;
  const rules = getRules(db);
  const timeZone = getSettings(db).timeZone;
  const now = nowMs(ctx.clock);
  const nowIso = new Date(now).toISOString();
  const range = unitRangeOf(input.fromDay, input.toDay, timeZone);
  const freeOf = (ownerId: string) => {
    const taken = takenUnits(db, ownerId, range.from, range.to, nowIso);
    return (u: number) => !taken.has(u);
  };
  return freeStarts({
    service: input.service,
    professionals: input.professionalIds.map((id) => ({
      id,
      planOf: dayPlanner(db, id, input.fromDay, input.toDay, timeZone),
      unitFree: freeOf(id),
    })),
    resources: input.service.resourceIds.map(freeOf),
    fromDay: input.fromDay,
    toDay: input.toDay,
    slotMinutes: rules.slotMinutes,
    window: bookableWindow(rules, now),
    ...(input.after !== undefined ? { after: input.after } : {}),
    ...(input.limit !== undefined ? { limit: input.limit } : {}),
  });
}

/** The next `limit` free slots after `after`, looking ahead a week at a time up to the horizon. */
export function nextFreeSlots(
  ctx: Ctx,
  service: Service,
  professionalIds: string[],
  after: number,
  limit = 5,
): FreeSlot[] {
  const now = nowMs(ctx.clock);
  return nextFree(
    (fromDay, toDay, left) =>
      freeSlots(ctx, { service, professionalIds, fromDay, toDay, after, limit: left }),
    {
      after,
      now,
      horizonEnd: bookableWindow(getRules(ctx.db), now).end,
      timeZone: getSettings(ctx.db).timeZone,
      limit,
    },
  );
}

/** The shared refusal as the appliance's own (its callers tell domain refusals from other errors). */
export function asDomainError(r: Refusal): DomainError {
  return new DomainError(r.kind as DomainError["kind"], r.code, r.message, r.details);
}

/** A range of the shop's days a person asked for: real days, in order, at most 62 of them. */
export function checkDayRange(fromDay: string, toDay: string): void {
  try {
    checkRange(fromDay, toDay);
  } catch (err) {
    throw err instanceof Refusal ? asDomainError(err) : err;
  }
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
