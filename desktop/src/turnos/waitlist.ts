import type { Booking } from "@mostrador/contracts/http/turnos";
import type {
  WaitlistBookInput,
  WaitlistEntry,
  WaitlistEntryInput,
  WaitlistOffer,
  WaitlistOfferInput,
  WaitlistState,
} from "@mostrador/contracts/http/turnos-waitlist";
import type { Static } from "@sinclair/typebox";
import { dayKeyIn, isDayKey, weekdayOf } from "@mostrador/contracts/zoned-day";
import { type Ctx, isoNow, nowMs } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { insertAllotment } from "./allotments.js";
import { UNIT_MS, unitsOf } from "./availability.js";
import { checkRules, createBooking, releaseExpiredHolds } from "./bookings.js";
import { getProfessional, getRules, getService } from "./setup.js";

/**
 * The turnos waitlist (docs/turnos.md "Waitlist"). An entry is a patient waiting for a service, a
 * professional or "cualquiera", on some weekdays and hours, between two days; its arrival (`created_at`)
 * is its place in line. A freed slot is offered to the entries that fit it IN THAT ORDER, either:
 * - by phone: the desk books the patient itself (`bookByPhone`, a desk-owned slot, one IMMEDIATE
 *   transaction with the entry marked booked), or
 * - by message: the slot's units become a `waitlist` allotment's keys and go to the cloud with the ordered
 *   entries (`offerSlot`, one IMMEDIATE transaction with both outbox ops); the cloud offers it to one
 *   patient at a time and the first "acepto" books it under the cloud's keys (cloud/src/turnos/waitlist).
 *   The booking comes down like an online booking, naming its entry; an offer nobody took comes back as
 *   the allotment returned (sync/src/download/turnos-apply.ts closes the offer either way).
 */

export interface Actor {
  staffId: string | null;
  terminalId?: string | null;
}

const DAY = 86_400_000;
const MAX_WAIT_DAYS = 366;

const SELECT = `SELECT w.id, w.customer_id AS customerId, c.name AS customerName, c.phone AS customerPhone,
  c.email AS customerEmail, w.service_id AS serviceId, s.name AS serviceName, w.professional_id AS professionalId,
  p.name AS professionalName, w.weekdays, w.from_minute AS fromMinute, w.to_minute AS toMinute,
  w.from_day AS fromDay, w.to_day AS toDay, w.notes, w.state, w.booking_id AS bookingId,
  b.start_at AS bookingStart, w.offer_id AS offerId, w.created_at AS createdAt, w.updated_at AS updatedAt
  FROM turno_waitlist w JOIN customers c ON c.id = w.customer_id
  LEFT JOIN turno_services s ON s.id = w.service_id
  LEFT JOIN turno_professionals p ON p.id = w.professional_id
  LEFT JOIN turno_bookings b ON b.id = w.booking_id`;
const ORDER = "ORDER BY w.created_at, w.id";

type Row = Omit<WaitlistEntry, "weekdays"> & { weekdays: string };
const toEntry = (r: Row): WaitlistEntry => ({ ...r, weekdays: JSON.parse(r.weekdays) as number[] });

export function getEntry(db: Db, id: string): WaitlistEntry {
  const r = stmt(db, `${SELECT} WHERE w.id = ?`).get(id) as Row | undefined;
  if (!r)
    throw new DomainError(
      "not_found",
      "waitlist_entry_not_found",
      "Ese paciente no está en la lista de espera",
    );
  return toEntry(r);
}

function entryOutbox(db: Db, e: WaitlistEntry, op: "created" | "updated"): void {
  enqueueOutbox(db, {
    entity: "turno_waitlist_entry",
    entityId: e.id,
    op,
    payload: {
      id: e.id,
      customerId: e.customerId,
      serviceId: e.serviceId,
      professionalId: e.professionalId,
      weekdays: e.weekdays,
      fromMinute: e.fromMinute,
      toMinute: e.toMinute,
      fromDay: e.fromDay,
      toDay: e.toDay,
      state: e.state,
      bookingId: e.bookingId,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    },
    at: e.updatedAt,
  });
}

function audit(
  ctx: Ctx,
  actor: Actor,
  action: Parameters<typeof recordAudit>[1]["action"],
  id: string,
  details = {},
) {
  recordAudit(ctx.db, {
    at: isoNow(ctx),
    staffId: actor.staffId,
    terminalId: actor.terminalId ?? null,
    action,
    entity: "turno_waitlist",
    entityId: id,
    details,
  });
}

const today = (ctx: Ctx) => dayKeyIn(new Date(nowMs(ctx.clock)), getSettings(ctx.db).timeZone);

/** Entries whose last day has passed stop waiting (state expired), each with its outbox op. */
function expirePast(ctx: Ctx): void {
  const day = today(ctx);
  const ids = (
    stmt(ctx.db, "SELECT id FROM turno_waitlist WHERE state = 'waiting' AND to_day < ?").all(day) as {
      id: string;
    }[]
  ).map((r) => r.id);
  for (const id of ids) setState(ctx, id, "expired");
}

function setState(
  ctx: Ctx,
  id: string,
  state: WaitlistState,
  patch: { bookingId?: string; offerId?: string | null } = {},
) {
  stmt(
    ctx.db,
    `UPDATE turno_waitlist SET state = ?, booking_id = coalesce(?, booking_id),
       offer_id = CASE WHEN ? THEN ? ELSE offer_id END, updated_at = ? WHERE id = ?`,
  ).run(
    state,
    patch.bookingId ?? null,
    patch.offerId !== undefined ? 1 : 0,
    patch.offerId ?? null,
    isoNow(ctx),
    id,
  );
  const e = getEntry(ctx.db, id);
  entryOutbox(ctx.db, e, "updated");
  return e;
}

/** The open entries (waiting, offered) in order of arrival, or those of one state; "all": everything. */
export function listEntries(ctx: Ctx, state?: WaitlistState | "all"): WaitlistEntry[] {
  ctx.db.transaction(() => expirePast(ctx)).immediate();
  const where =
    state === "all" ? "" : state ? "WHERE w.state = ?" : "WHERE w.state IN ('waiting', 'offered')";
  const args = state && state !== "all" ? [state] : [];
  return (stmt(ctx.db, `${SELECT} ${where} ${ORDER}`).all(...args) as Row[]).map(toEntry);
}

function checkInput(ctx: Ctx, input: WaitlistEntryInput) {
  const customer = stmt(
    ctx.db,
    "SELECT id FROM customers WHERE id = ? AND erased_at IS NULL AND merged_into IS NULL",
  ).get(input.customerId);
  if (!customer) throw new DomainError("not_found", "customer_not_found", "El paciente no existe");
  const serviceId = input.serviceId ?? null;
  const professionalId = input.professionalId ?? null;
  if (!serviceId && !professionalId)
    throw new DomainError("invalid", "waitlist_what", "Indicá el servicio o el profesional que espera");
  const service = serviceId ? getService(ctx.db, serviceId) : null;
  const pro = professionalId ? getProfessional(ctx.db, professionalId) : null;
  if (service && pro && !pro.serviceIds.includes(service.id))
    throw new DomainError("invalid", "service_not_given", `${pro.name} no da el servicio «${service.name}»`);
  const fromMinute = input.fromMinute ?? null;
  const toMinute = input.toMinute ?? null;
  if ((fromMinute === null) !== (toMinute === null))
    throw new DomainError("invalid", "time_window", "Indicá desde y hasta qué hora puede venir");
  if (fromMinute !== null && toMinute !== null && toMinute <= fromMinute)
    throw new DomainError("invalid", "range_reversed", "El final es anterior al inicio");
  const first = today(ctx);
  const fromDay = input.fromDay ?? first;
  const horizon = getRules(ctx.db).horizonDays;
  const toDay =
    input.toDay ?? dayKeyIn(new Date(nowMs(ctx.clock) + horizon * DAY), getSettings(ctx.db).timeZone);
  if (!isDayKey(fromDay) || !isDayKey(toDay))
    throw new DomainError("invalid", "invalid_day", "La fecha no es válida");
  if (toDay < fromDay) throw new DomainError("invalid", "range_reversed", "El final es anterior al inicio");
  if (toDay < first) throw new DomainError("invalid", "in_the_past", "Esas fechas ya pasaron");
  if (Date.parse(toDay) - Date.parse(fromDay) > MAX_WAIT_DAYS * DAY)
    throw new DomainError("invalid", "wait_too_long", "La espera puede cubrir hasta un año");
  const dup = stmt(
    ctx.db,
    `SELECT 1 FROM turno_waitlist WHERE customer_id = ? AND state IN ('waiting', 'offered')
       AND service_id IS ? AND professional_id IS ?`,
  ).get(input.customerId, serviceId, professionalId);
  if (dup)
    throw new DomainError(
      "conflict",
      "already_waiting",
      "Ese paciente ya está en la lista de espera para eso",
    );
  return { serviceId, professionalId, fromMinute, toMinute, fromDay, toDay };
}

export function addEntry(ctx: Ctx, actor: Actor, input: WaitlistEntryInput): WaitlistEntry {
  const entry = ctx.db
    .transaction(() => {
      const clean = checkInput(ctx, input);
      const id = newId();
      const at = isoNow(ctx);
      const weekdays = [...new Set(input.weekdays ?? [])].sort();
      stmt(
        ctx.db,
        `INSERT INTO turno_waitlist (id, customer_id, service_id, professional_id, weekdays, from_minute, to_minute,
           from_day, to_day, notes, state, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?)`,
      ).run(
        id,
        input.customerId,
        clean.serviceId,
        clean.professionalId,
        JSON.stringify(weekdays),
        clean.fromMinute,
        clean.toMinute,
        clean.fromDay,
        clean.toDay,
        input.notes ?? "",
        actor.staffId,
        at,
        at,
      );
      const e = getEntry(ctx.db, id);
      entryOutbox(ctx.db, e, "created");
      audit(ctx, actor, "turnos.waitlist_added", id, { customerId: e.customerId });
      return e;
    })
    .immediate();
  ctx.bus.emit("turnos.changed", { bookingIds: [] });
  return entry;
}

export function removeEntry(ctx: Ctx, actor: Actor, id: string): WaitlistEntry {
  const entry = ctx.db
    .transaction(() => {
      const before = getEntry(ctx.db, id);
      if (before.state !== "waiting" && before.state !== "offered")
        throw new DomainError("conflict", "waitlist_closed", "Ese paciente ya no está esperando");
      const e = setState(ctx, id, "removed", { offerId: null });
      audit(ctx, actor, "turnos.waitlist_removed", id);
      return e;
    })
    .immediate();
  ctx.bus.emit("turnos.changed", { bookingIds: [] });
  return entry;
}

/** The shop-local minute of the day of an instant. */
function localMinute(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return Number(parts.hour) * 60 + Number(parts.minute);
}

/** Whether an entry wants this slot: its professional (or any), its service (or any), days and hours. */
function fits(e: WaitlistEntry, slot: Slot, timeZone: string): boolean {
  if (e.professionalId && e.professionalId !== slot.professionalId) return false;
  if (e.serviceId && e.serviceId !== slot.serviceId) return false;
  const day = dayKeyIn(new Date(slot.start), timeZone);
  if (day < e.fromDay || day > e.toDay) return false;
  if (e.weekdays.length > 0 && !e.weekdays.includes(weekdayOf(day))) return false;
  if (e.fromMinute !== null && e.toMinute !== null) {
    const from = localMinute(slot.start, timeZone);
    if (from < e.fromMinute || from + slot.durationMinutes > e.toMinute) return false;
  }
  return true;
}

interface Slot {
  professionalId: string;
  serviceId: string;
  start: number;
  durationMinutes: number;
}

function slotOf(ctx: Ctx, input: { professionalId: string; serviceId: string; start: string }) {
  const service = getService(ctx.db, input.serviceId);
  const pro = getProfessional(ctx.db, input.professionalId);
  const start = Date.parse(input.start);
  if (!Number.isFinite(start)) throw new DomainError("invalid", "invalid_start", "El horario no es válido");
  return { service, pro, start };
}

/** The waiting entries that fit a slot, first in line first. */
export function matchesFor(
  ctx: Ctx,
  input: { professionalId: string; serviceId: string; start: string },
): WaitlistEntry[] {
  const { service, pro, start } = slotOf(ctx, input);
  const timeZone = getSettings(ctx.db).timeZone;
  const slot = {
    professionalId: pro.id,
    serviceId: service.id,
    start,
    durationMinutes: service.durationMinutes,
  };
  return (stmt(ctx.db, `${SELECT} WHERE w.state = 'waiting' ${ORDER}`).all() as Row[])
    .map(toEntry)
    .filter((e) => fits(e, slot, timeZone));
}

/**
 * "Aceptó por teléfono": books the entry's patient at the desk (the slot must be the desk's: free, not
 * a cloud allotment's) and marks the entry booked, in one IMMEDIATE transaction.
 */
export function bookByPhone(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: Static<typeof WaitlistBookInput>,
): { entry: WaitlistEntry; booking: Booking } {
  const result = ctx.db
    .transaction(() => {
      const before = getEntry(ctx.db, id);
      if (before.state !== "waiting")
        throw new DomainError(
          "conflict",
          before.state === "offered" ? "waitlist_offered" : "waitlist_closed",
          before.state === "offered"
            ? "A ese paciente ya se le está ofreciendo un horario por mensaje"
            : "Ese paciente ya no está esperando",
        );
      const { service, pro, start } = slotOf(ctx, input);
      const timeZone = getSettings(ctx.db).timeZone;
      if (
        !fits(
          before,
          { professionalId: pro.id, serviceId: service.id, start, durationMinutes: service.durationMinutes },
          timeZone,
        )
      )
        throw new DomainError("invalid", "waitlist_no_fit", "Ese horario no es el que el paciente espera");
      const booking = createBooking(ctx, actor.staffId, {
        serviceId: service.id,
        professionalId: pro.id,
        start: input.start,
        customerId: before.customerId,
        notes: before.notes,
      });
      const entry = setState(ctx, id, "booked", { bookingId: booking.id, offerId: null });
      audit(ctx, actor, "turnos.waitlist_booked_by_phone", id, { bookingId: booking.id });
      return { entry, booking };
    })
    .immediate();
  ctx.bus.emit("turnos.changed", { bookingIds: [result.booking.id] });
  return result;
}

const OFFER_SELECT = `SELECT id, allotment_id AS allotmentId, professional_id AS professionalId, service_id AS serviceId,
  start_at AS start, end_at AS end, minutes, state, entry_ids AS entryIds, booking_id AS bookingId,
  created_at AS createdAt FROM turno_waitlist_offers`;

export function getOffer(db: Db, id: string): WaitlistOffer {
  const r = stmt(db, `${OFFER_SELECT} WHERE id = ?`).get(id) as
    (Omit<WaitlistOffer, "entryIds"> & { entryIds: string }) | undefined;
  if (!r) throw new DomainError("not_found", "offer_not_found", "Ese ofrecimiento no existe");
  return { ...r, entryIds: JSON.parse(r.entryIds) as string[] };
}

/** Offers not yet closed, newest first. */
export function listOpenOffers(db: Db): WaitlistOffer[] {
  return (
    stmt(db, `${OFFER_SELECT} WHERE state = 'open' ORDER BY created_at DESC`).all() as (Omit<
      WaitlistOffer,
      "entryIds"
    > & { entryIds: string })[]
  ).map((r) => ({ ...r, entryIds: JSON.parse(r.entryIds) as string[] }));
}

/**
 * "Ofrecer a la lista de espera" by message: the slot (free at the desk, within the rules) becomes a
 * waitlist allotment's keys — from this commit the desk cannot book it; the cloud may once it stores the
 * grant — and the cloud gets the entries that fit it, in order, with how to reach each patient. Entries
 * with neither phone nor email are left for the phone. One IMMEDIATE transaction.
 */
export function offerSlot(ctx: Ctx, actor: Actor, input: WaitlistOfferInput): WaitlistOffer {
  const offer = ctx.db
    .transaction(() => {
      releaseExpiredHolds(ctx);
      expirePast(ctx);
      const { service, pro, start } = slotOf(ctx, input);
      checkRules(ctx, { service, professionalId: pro.id, start, walkIn: false });
      if (service.resourceIds.length > 0)
        throw new DomainError(
          "invalid",
          "needs_resource",
          "Los servicios que usan una sala o equipo se ofrecen por teléfono",
        );
      const units = unitsOf(service, start);
      const taken = stmt(
        ctx.db,
        `SELECT 1 FROM turno_slots WHERE owner_id = ? AND unit >= ? AND unit <= ? LIMIT 1`,
      ).get(pro.id, units[0], units.at(-1));
      if (taken) throw new DomainError("conflict", "slot_taken", "Ya no está disponible");
      const reachable = matchesFor(ctx, input).filter((e) => e.customerPhone || e.customerEmail);
      if (reachable.length === 0)
        throw new DomainError(
          "invalid",
          "waitlist_nobody",
          "Nadie de la lista de espera con teléfono o email busca ese horario",
        );
      const entries = reachable.slice(0, 50);
      const end = (units.at(-1)! + 1) * UNIT_MS;
      const allotmentId = insertAllotment(ctx, pro.id, units[0]! * UNIT_MS, end, units, "waitlist");
      const at = isoNow(ctx);
      const id = newId();
      const minutes = getRules(ctx.db).waitlistOfferMinutes ?? 30;
      const startIso = new Date(start).toISOString();
      stmt(
        ctx.db,
        `INSERT INTO turno_waitlist_offers (id, allotment_id, professional_id, service_id, start_at, end_at, minutes,
           entry_ids, state, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
      ).run(
        id,
        allotmentId,
        pro.id,
        service.id,
        startIso,
        new Date(start + service.durationMinutes * 60_000).toISOString(),
        minutes,
        JSON.stringify(entries.map((e) => e.id)),
        actor.staffId,
        at,
        at,
      );
      for (const e of entries) setState(ctx, e.id, "offered", { offerId: id });
      enqueueOutbox(ctx.db, {
        entity: "turno_waitlist_offer",
        entityId: id,
        op: "created",
        payload: {
          id,
          allotmentId,
          professionalId: pro.id,
          serviceId: service.id,
          start: startIso,
          minutes,
          entries: entries.map((e) => ({
            entryId: e.id,
            name: e.customerName.slice(0, 80),
            phone: e.customerPhone,
            email: e.customerEmail,
          })),
          createdAt: at,
        },
        at,
      });
      audit(ctx, actor, "turnos.waitlist_offered", id, { start: startIso, entries: entries.length });
      return getOffer(ctx.db, id);
    })
    .immediate();
  ctx.bus.emit("turnos.changed", { bookingIds: [] });
  return offer;
}
