import type {
  Booking,
  BookingInput,
  BookingState,
  MoveInput,
  SeriesAnswer,
  Service,
  SeriesInput,
  WalkInInput,
} from "@mostrador/contracts/http/turnos";
import { dayKeyIn, dayStartUtc, nextDayKey, wallTimeMs } from "@mostrador/contracts/zoned-day";
import { type Ctx, isoNow, nowMs } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { placeRefusal } from "@mostrador/contracts/turnos/availability";
import {
  asDomainError,
  bookableWindow,
  dayPlanner,
  nextFreeSlots,
  UNIT_MS,
  unitsOf,
} from "./availability.js";
import { getProfessional, getRules, getService } from "./setup.js";

const MINUTE = 60_000;

const SELECT = `SELECT b.id, b.customer_id AS customerId, coalesce(c.name, b.patient_name) AS customerName, b.service_id AS serviceId,
  s.name AS serviceName, b.professional_id AS professionalId, p.name AS professionalName,
  b.resource_id AS resourceId, b.start_at AS start, b.end_at AS end, b.state, b.hold_expires_at AS holdExpiresAt,
  b.series_id AS seriesId, b.notes, b.origin, b.walk_in AS walkIn, b.price, b.deposit_paid AS depositPaid,
  b.arrived_at AS arrivedAt, b.cancelled_at AS cancelledAt, b.cancelled_by AS cancelledBy,
  b.created_at AS createdAt, b.updated_at AS updatedAt,
  (SELECT a.answer || ':' || a.channel FROM turno_patient_answers a WHERE a.booking_id = b.id AND a.outcome = 'applied'
    ORDER BY a.received_at DESC, a.id DESC LIMIT 1) AS patientAnswer,
  b.deposit_payment_id AS depositPaymentId, b.online_deposit_status AS onlineDepositStatus
  FROM turno_bookings b JOIN turno_services s ON s.id = b.service_id
  JOIN turno_professionals p ON p.id = b.professional_id LEFT JOIN customers c ON c.id = b.customer_id`;

type Row = Omit<Booking, "walkIn" | "patientAnswer" | "onlineDeposit"> & {
  walkIn: number;
  patientAnswer: string | null;
  depositPaymentId: string | null;
  onlineDepositStatus: "paid" | "refund_owed" | null;
};
const toBooking = ({ depositPaymentId, onlineDepositStatus, ...r }: Row): Booking => {
  const [answer, channel] = r.patientAnswer?.split(":") ?? [];
  return {
    ...r,
    walkIn: r.walkIn === 1,
    patientAnswer: (answer === "confirm" || answer === "cancel") && channel ? { answer, channel } : null,
    onlineDeposit: onlineDepositStatus ? { paymentId: depositPaymentId, status: onlineDepositStatus } : null,
  };
};

export function getBooking(db: Db, id: string): Booking {
  const r = stmt(db, `${SELECT} WHERE b.id = ?`).get(id) as Row | undefined;
  if (!r) throw new DomainError("not_found", "booking_not_found", "El turno no existe");
  return toBooking(r);
}

/** Bookings whose start falls on the shop's days `fromDay`..`toDay`, optionally of one professional. */
export function listBookings(ctx: Ctx, fromDay: string, toDay: string, professionalId?: string): Booking[] {
  const tz = getSettings(ctx.db).timeZone;
  const from = dayStartUtc(fromDay, tz);
  const to = dayStartUtc(nextDayKey(toDay), tz);
  const rows = stmt(
    ctx.db,
    `${SELECT} WHERE b.start_at >= ? AND b.start_at < ? AND (? IS NULL OR b.professional_id = ?) ORDER BY b.start_at, p.name`,
  ).all(from, to, professionalId ?? null, professionalId ?? null) as Row[];
  return rows.map(toBooking);
}

function outbox(db: Db, b: Booking, op: "created" | "updated"): void {
  enqueueOutbox(db, {
    entity: "turno_booking",
    entityId: b.id,
    op,
    payload: {
      id: b.id,
      customerId: b.customerId,
      serviceId: b.serviceId,
      professionalId: b.professionalId,
      resourceId: b.resourceId,
      start: b.start,
      end: b.end,
      state: b.state,
      holdExpiresAt: b.holdExpiresAt,
      seriesId: b.seriesId,
      origin: b.origin,
      walkIn: b.walkIn,
      price: b.price,
      depositPaid: b.depositPaid,
      arrivedAt: b.arrivedAt,
      cancelledAt: b.cancelledAt,
      cancelledBy: b.cancelledBy,
      updatedAt: b.updatedAt,
      ...onlineFields(db, b.id),
    },
    at: b.updatedAt,
  });
}

/** An online booking's allotment and patient (docs/turnos.md): the cloud keeps them as it sent them. */
function onlineFields(db: Db, id: string) {
  const r = stmt(
    db,
    `SELECT allotment_id AS allotmentId, patient_name AS patientName, patient_phone AS patientPhone,
       patient_email AS patientEmail FROM turno_bookings WHERE id = ? AND origin = 'online'`,
  ).get(id) as
    | {
        allotmentId: string | null;
        patientName: string | null;
        patientPhone: string | null;
        patientEmail: string | null;
      }
    | undefined;
  return r ?? {};
}

/**
 * A booking leaves its keys (cancelled, or moved elsewhere). An online booking's go back to the allotment
 * each was granted by — its professional's, or its room's (`granted_by`, appliance 0043; keys converted
 * before it: the booking's allotment) — while the cloud still holds that allotment (docs/turnos.md): the
 * desk never gains a unit the cloud has not given back.
 */
function releaseKeys(db: Db, id: string): void {
  const row = stmt(
    db,
    `SELECT b.allotment_id AS allotmentId, a.state FROM turno_bookings b
       LEFT JOIN turno_allotments a ON a.id = b.allotment_id WHERE b.id = ?`,
  ).get(id) as { allotmentId: string | null; state: string | null } | undefined;
  const own = row?.allotmentId && row.state !== "returned" ? row.allotmentId : null;
  stmt(
    db,
    `UPDATE turno_slots SET allotment_id = coalesce(granted_by, ?), booking_id = NULL, granted_by = NULL
      WHERE booking_id = ?
        AND coalesce(granted_by, ?) IN (SELECT id FROM turno_allotments WHERE state <> 'returned')`,
  ).run(own, id, own);
  stmt(db, "DELETE FROM turno_slots WHERE booking_id = ?").run(id);
  if (own) stmt(db, "UPDATE turno_bookings SET allotment_id = NULL WHERE id = ?").run(id);
}

function history(ctx: Ctx, b: Booking, action: string, staffId: string | null): void {
  stmt(
    ctx.db,
    `INSERT INTO turno_booking_history (id, booking_id, at, staff_id, action, state, professional_id, start_at, end_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(newId(), b.id, isoNow(ctx), staffId, action, b.state, b.professionalId, b.start, b.end);
}

/** Holds past their expiry give their units back, in the writer's transaction (never reach the cloud). */
export function releaseExpiredHolds(ctx: Ctx): void {
  const now = isoNow(ctx);
  const expired = stmt(
    ctx.db,
    "SELECT id FROM turno_bookings WHERE state = 'held' AND hold_expires_at <= ?",
  ).all(now) as { id: string }[];
  for (const { id } of expired) {
    stmt(ctx.db, "DELETE FROM turno_slots WHERE booking_id = ?").run(id);
    stmt(
      ctx.db,
      "UPDATE turno_bookings SET state = 'cancelled', cancelled_at = ?, updated_at = ? WHERE id = ?",
    ).run(now, now, id);
    history(ctx, getBooking(ctx.db, id), "hold_expired", null);
  }
}

export interface Place {
  service: Service;
  professionalId: string;
  start: number;
  /** A walk-in starts now: minimum notice does not apply. */
  walkIn: boolean;
}

/** The rules a place must meet (hours, breaks, days off, notice, horizon); the keys decide the rest. */
export function checkRules(ctx: Ctx, place: Place): void {
  const { service, professionalId, start } = place;
  const pro = getProfessional(ctx.db, professionalId);
  if (!pro.active)
    throw new DomainError("invalid", "professional_inactive", "El profesional no está atendiendo");
  if (!service.active) throw new DomainError("invalid", "service_inactive", "El servicio no está disponible");
  if (!pro.serviceIds.includes(service.id))
    throw new DomainError("invalid", "service_not_given", `${pro.name} no da el servicio «${service.name}»`);
  if (start % UNIT_MS !== 0)
    throw new DomainError("invalid", "not_on_grid", "El horario debe caer en múltiplos de 5 minutos");
  const now = nowMs(ctx.clock);
  const rules = getRules(ctx.db);
  const window = bookableWindow(rules, now);
  if (!place.walkIn) {
    if (start < now) throw new DomainError("invalid", "in_the_past", "Ese horario ya pasó");
    if (start < window.start)
      throw new DomainError(
        "invalid",
        "too_soon",
        `Los turnos se dan con al menos ${rules.minNoticeMinutes} minutos de anticipación`,
      );
  }
  if (start >= window.end)
    throw new DomainError(
      "invalid",
      "beyond_horizon",
      `Se dan turnos hasta ${rules.horizonDays} días adelante`,
    );
  const tz = getSettings(ctx.db).timeZone;
  const day = dayKeyIn(new Date(start), tz);
  const plan = dayPlanner(ctx.db, professionalId, day, day, tz)(day);
  const refusal = placeRefusal(plan, start, service.durationMinutes, pro.name);
  if (refusal) throw asDomainError(refusal);
}

/** What holds the first taken unit of `owner` among `units`, or null when all are free. */
function firstHolder(
  db: Db,
  ownerId: string,
  units: number[],
): { bookingId: string | null; held: boolean } | null {
  const row = stmt(
    db,
    `SELECT s.booking_id AS bookingId, b.state FROM turno_slots s LEFT JOIN turno_bookings b ON b.id = s.booking_id
     WHERE s.owner_id = ? AND s.unit >= ? AND s.unit <= ? LIMIT 1`,
  ).get(ownerId, units[0], units.at(-1)) as { bookingId: string | null; state: string | null } | undefined;
  return row ? { bookingId: row.bookingId, held: row.state === "held" } : null;
}

function takenRefusal(
  ctx: Ctx,
  place: Place,
  held: boolean,
  allotted: boolean,
  proIds: string[],
): DomainError {
  const nextFree = nextFreeSlots(ctx, place.service, proIds, place.start + UNIT_MS);
  if (allotted)
    return new DomainError(
      "conflict",
      "slot_allotted",
      "Ya no está disponible: ese horario está reservado para turnos en línea",
      { nextFree },
    );
  if (held)
    return new DomainError(
      "conflict",
      "slot_held",
      "Ya no está disponible: otra persona lo está reservando",
      {
        nextFree,
      },
    );
  return new DomainError("conflict", "slot_taken", "Ya no está disponible", { nextFree });
}

/**
 * The resource to occupy (one of the service's, free for every unit), null when the service needs none;
 * throws "Ya no está disponible" when the professional or every resource is taken.
 */
function claimableResource(ctx: Ctx, place: Place, units: number[], proIds: string[]): string | null {
  const pro = firstHolder(ctx.db, place.professionalId, units);
  if (pro) throw takenRefusal(ctx, place, pro.held, pro.bookingId === null, proIds);
  if (place.service.resourceIds.length === 0) return null;
  const active = stmt(ctx.db, "SELECT id FROM turno_resources WHERE active = 1 ORDER BY name, id").all() as {
    id: string;
  }[];
  for (const { id } of active)
    if (place.service.resourceIds.includes(id) && !firstHolder(ctx.db, id, units)) return id;
  throw takenRefusal(ctx, place, false, false, proIds);
}

/** Writes the keys: the primary key (owner, unit) refuses a second claim even if a check above were wrong. */
function insertKeys(db: Db, ownerId: string, units: number[], bookingId: string): void {
  const insert = stmt(db, "INSERT INTO turno_slots (owner_id, unit, booking_id) VALUES (?, ?, ?)");
  for (const u of units) insert.run(ownerId, u, bookingId);
}

interface NewBooking {
  customerId: string | null;
  notes: string;
  state: BookingState;
  walkIn: boolean;
  seriesId: string | null;
  depositPaid: number;
}

function checkCustomer(db: Db, id: string | null): void {
  if (
    id &&
    !stmt(db, "SELECT 1 FROM customers WHERE id = ? AND erased_at IS NULL AND merged_into IS NULL").get(id)
  )
    throw new DomainError("not_found", "customer_not_found", "El paciente no existe");
}

/** Places a booking at one professional: rules, keys, row, history, outbox. Inside the caller's transaction. */
function placeAt(ctx: Ctx, staffId: string | null, place: Place, nb: NewBooking, proIds: string[]): Booking {
  checkRules(ctx, place);
  const units = unitsOf(place.service, place.start);
  const resourceId = claimableResource(ctx, place, units, proIds);
  const id = newId();
  const at = isoNow(ctx);
  const holdExpiresAt =
    nb.state === "held"
      ? new Date(nowMs(ctx.clock) + getRules(ctx.db).holdMinutes * MINUTE).toISOString()
      : null;
  stmt(
    ctx.db,
    `INSERT INTO turno_bookings (id, customer_id, service_id, professional_id, resource_id, start_at, end_at, state,
       hold_expires_at, series_id, notes, origin, walk_in, price, deposit_paid, arrived_at, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'desk', ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    nb.customerId,
    place.service.id,
    place.professionalId,
    resourceId,
    new Date(place.start).toISOString(),
    new Date(place.start + place.service.durationMinutes * MINUTE).toISOString(),
    nb.state,
    holdExpiresAt,
    nb.seriesId,
    nb.notes,
    nb.walkIn ? 1 : 0,
    place.service.price,
    nb.depositPaid,
    nb.state === "arrived" ? at : null,
    staffId,
    at,
    at,
  );
  insertKeys(ctx.db, place.professionalId, units, id);
  if (resourceId) insertKeys(ctx.db, resourceId, units, id);
  const b = getBooking(ctx.db, id);
  history(ctx, b, nb.state === "held" ? "held" : "booked", staffId);
  // A hold stays on the appliance; the cloud learns of the booking when it is made.
  if (nb.state !== "held") outbox(ctx.db, b, "created");
  return b;
}

/** The professionals to try: the one asked for, or every active one who gives the service ("cualquiera"). */
function candidates(db: Db, service: Service, professionalId: string | undefined): string[] {
  if (professionalId) return [getProfessional(db, professionalId).id];
  const ids = (
    stmt(
      db,
      `SELECT p.id FROM turno_professionals p JOIN turno_professional_services ps ON ps.professional_id = p.id
       WHERE ps.service_id = ? AND p.active = 1 ORDER BY p.name, p.id`,
    ).all(service.id) as { id: string }[]
  ).map((r) => r.id);
  if (ids.length === 0)
    throw new DomainError("invalid", "service_not_given", `Nadie da el servicio «${service.name}»`);
  return ids;
}

/** One IMMEDIATE transaction: the write lock is taken before the first read, so check and write are one. */
/** After the commit: every desk re-reads its agenda. */
const announce = <T extends { id: string }>(ctx: Ctx, b: T): T => {
  ctx.bus.emit("turnos.changed", { bookingIds: [b.id] });
  return b;
};

function book(
  ctx: Ctx,
  staffId: string | null,
  input: { serviceId: string; professionalId?: string; start: number },
  nb: NewBooking,
): Booking {
  return announce(
    ctx,
    ctx.db
      .transaction(() => {
        releaseExpiredHolds(ctx);
        const service = getService(ctx.db, input.serviceId);
        checkCustomer(ctx.db, nb.customerId);
        if (nb.depositPaid > service.price)
          throw new DomainError(
            "invalid",
            "deposit_above_price",
            "La seña no puede superar el precio del servicio",
          );
        const proIds = candidates(ctx.db, service, input.professionalId);
        let firstError: unknown = null;
        let takenError: unknown = null;
        for (const professionalId of proIds) {
          try {
            return ctx.db.transaction(() =>
              placeAt(
                ctx,
                staffId,
                { service, professionalId, start: input.start, walkIn: nb.walkIn },
                nb,
                proIds,
              ),
            )();
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            firstError ??= err;
            if (err.kind === "conflict") takenError ??= err;
          }
        }
        throw takenError ?? firstError;
      })
      .immediate(),
  );
}

export function createBooking(ctx: Ctx, staffId: string | null, input: BookingInput): Booking {
  return book(
    ctx,
    staffId,
    { serviceId: input.serviceId, professionalId: input.professionalId, start: Date.parse(input.start) },
    {
      customerId: input.customerId ?? null,
      notes: input.notes ?? "",
      state: input.hold ? "held" : "booked",
      walkIn: false,
      seriesId: null,
      depositPaid: input.depositPaid ?? 0,
    },
  );
}

/** A patient who came in without a turno: booked from now (rounded down to the unit) and already arrived. */
export function walkIn(ctx: Ctx, staffId: string | null, input: WalkInInput): Booking {
  const start = Math.floor(nowMs(ctx.clock) / UNIT_MS) * UNIT_MS;
  return book(
    ctx,
    staffId,
    { serviceId: input.serviceId, professionalId: input.professionalId, start },
    {
      customerId: input.customerId ?? null,
      notes: input.notes ?? "",
      state: "arrived",
      walkIn: true,
      seriesId: null,
      depositPaid: 0,
    },
  );
}

/** Weekly × count, the same local wall time each week (DST-safe); each occurrence stands alone. */
export function createSeries(ctx: Ctx, staffId: string | null, input: SeriesInput): SeriesAnswer {
  const tz = getSettings(ctx.db).timeZone;
  const first = Date.parse(input.start);
  const firstDay = dayKeyIn(new Date(first), tz);
  const minute = Math.round((first - wallTimeMs(firstDay, 0, tz)) / MINUTE);
  const seriesId = newId();
  const answer: SeriesAnswer = { seriesId, booked: [], failed: [] };
  let day = firstDay;
  for (let i = 0; i < input.count; i++) {
    const start = wallTimeMs(day, minute, tz);
    try {
      answer.booked.push(
        book(
          ctx,
          staffId,
          { serviceId: input.serviceId, professionalId: input.professionalId, start },
          {
            customerId: input.customerId,
            notes: input.notes ?? "",
            state: "booked",
            walkIn: false,
            seriesId,
            depositPaid: 0,
          },
        ),
      );
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      answer.failed.push({ start: new Date(start).toISOString(), code: err.code, message: err.message });
    }
    for (let d = 0; d < 7; d++) day = nextDayKey(day);
  }
  return answer;
}

const MOVABLE: readonly BookingState[] = ["held", "booked", "confirmed"];

/** Moves a booking (drag on the calendar): the old keys go, the new ones come, or nothing changes. */
export function moveBooking(ctx: Ctx, staffId: string | null, id: string, input: MoveInput): Booking {
  return announce(
    ctx,
    ctx.db
      .transaction(() => {
        releaseExpiredHolds(ctx);
        const b = getBooking(ctx.db, id);
        if (!MOVABLE.includes(b.state))
          throw new DomainError("conflict", "not_movable", "Solo se mueven turnos pendientes");
        const service = getService(ctx.db, b.serviceId);
        const professionalId = input.professionalId ?? b.professionalId;
        const place: Place = { service, professionalId, start: Date.parse(input.start), walkIn: false };
        releaseKeys(ctx.db, id);
        checkRules(ctx, place);
        const units = unitsOf(service, place.start);
        const resourceId = claimableResource(ctx, place, units, [professionalId]);
        stmt(
          ctx.db,
          `UPDATE turno_bookings SET professional_id = ?, resource_id = ?, start_at = ?, end_at = ?, updated_at = ? WHERE id = ?`,
        ).run(
          professionalId,
          resourceId,
          new Date(place.start).toISOString(),
          new Date(place.start + service.durationMinutes * MINUTE).toISOString(),
          isoNow(ctx),
          id,
        );
        insertKeys(ctx.db, professionalId, units, id);
        if (resourceId) insertKeys(ctx.db, resourceId, units, id);
        const moved = getBooking(ctx.db, id);
        history(ctx, moved, "moved", staffId);
        if (moved.state !== "held") outbox(ctx.db, moved, "updated");
        return moved;
      })
      .immediate(),
  );
}

/** Which state each may go to. Cancel frees the units; no other state does. */
const NEXT: Record<BookingState, readonly BookingState[]> = {
  held: ["booked", "cancelled"],
  booked: ["confirmed", "arrived", "no_show", "cancelled"],
  confirmed: ["arrived", "no_show", "cancelled"],
  arrived: ["done"],
  done: [],
  no_show: [],
  cancelled: [],
};

const STATE_NAMES: Record<BookingState, string> = {
  held: "reservado momentáneamente",
  booked: "dado",
  confirmed: "confirmado",
  arrived: "en sala de espera",
  done: "atendido",
  no_show: "ausente",
  cancelled: "cancelado",
};

export function changeState(
  ctx: Ctx,
  staffId: string | null,
  id: string,
  to: Exclude<BookingState, "held">,
  patch: { customerId?: string | null; notes?: string } = {},
): Booking {
  return announce(
    ctx,
    ctx.db
      .transaction(() => {
        const before = getBooking(ctx.db, id);
        const now = nowMs(ctx.clock);
        if (before.state === "held" && before.holdExpiresAt && Date.parse(before.holdExpiresAt) <= now)
          throw new DomainError(
            "conflict",
            "hold_expired",
            "La reserva momentánea venció; buscá otro horario",
          );
        if (!NEXT[before.state].includes(to))
          throw new DomainError(
            "conflict",
            "invalid_transition",
            `Un turno ${STATE_NAMES[before.state]} no puede pasar a ${STATE_NAMES[to]}`,
          );
        if (to === "no_show" && now < Date.parse(before.start))
          throw new DomainError("invalid", "not_yet", "Todavía no es la hora del turno");
        if (patch.customerId !== undefined) checkCustomer(ctx.db, patch.customerId);
        const at = isoNow(ctx);
        stmt(
          ctx.db,
          `UPDATE turno_bookings SET state = ?, hold_expires_at = NULL, updated_at = ?,
         arrived_at = CASE WHEN ? = 'arrived' THEN ? ELSE arrived_at END,
         cancelled_at = CASE WHEN ? = 'cancelled' THEN ? ELSE cancelled_at END,
         cancelled_by = CASE WHEN ? = 'cancelled' THEN ? ELSE cancelled_by END,
         customer_id = coalesce(?, customer_id), notes = coalesce(?, notes)
       WHERE id = ?`,
        ).run(to, at, to, at, to, at, to, staffId, patch.customerId ?? null, patch.notes ?? null, id);
        if (to === "cancelled") releaseKeys(ctx.db, id);
        const after = getBooking(ctx.db, id);
        history(ctx, after, to, staffId);
        if (before.state === "held") {
          if (to === "booked") outbox(ctx.db, after, "created");
        } else outbox(ctx.db, after, "updated");
        return after;
      })
      .immediate(),
  );
}

export function bookingHistory(db: Db, id: string) {
  getBooking(db, id);
  return stmt(
    db,
    `SELECT at, action, state, professional_id AS professionalId, start_at AS start, end_at AS end, staff_id AS staffId
     FROM turno_booking_history WHERE booking_id = ? ORDER BY at, rowid`,
  ).all(id) as {
    at: string;
    action: string;
    state: BookingState;
    professionalId: string;
    start: string;
    end: string;
    staffId: string | null;
  }[];
}

/**
 * The sale that charges the booking was written (charges.ts, inside the sale's transaction): the booking is
 * done, and arrived if nobody marked it. Any state but held, cancelled and no-show (checked by the caller).
 */
export function markCharged(ctx: Ctx, staffId: string | null, id: string): void {
  const at = isoNow(ctx);
  stmt(
    ctx.db,
    "UPDATE turno_bookings SET state = 'done', arrived_at = coalesce(arrived_at, ?), updated_at = ? WHERE id = ?",
  ).run(at, at, id);
  const after = getBooking(ctx.db, id);
  history(ctx, after, "charged", staffId);
  outbox(ctx.db, after, "updated");
  ctx.bus.emit("turnos.changed", { bookingIds: [id] });
}

/** Its sale was voided: the booking goes back to the waiting room, to be charged again. */
export function unmarkCharged(ctx: Ctx, staffId: string | null, id: string): void {
  stmt(
    ctx.db,
    "UPDATE turno_bookings SET state = 'arrived', updated_at = ? WHERE id = ? AND state = 'done'",
  ).run(isoNow(ctx), id);
  const after = getBooking(ctx.db, id);
  history(ctx, after, "charge_voided", staffId);
  outbox(ctx.db, after, "updated");
  ctx.bus.emit("turnos.changed", { bookingIds: [id] });
}
