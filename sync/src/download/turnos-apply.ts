import type { ChangeMessage, Row } from "@electric-sql/client";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";

/**
 * The cloud's answers in the turnos handshake (docs/turnos.md), applied by plain SQL on the turnos
 * module's tables (desktop/src/turnos, appliance migrations 0034 and 0038), each batch in ONE IMMEDIATE
 * transaction with its shape offset (shape-consumer.ts):
 * - `turno_allotments`: 'held' acknowledges a grant (granting → held); returned_ranges lists the units
 *   the cloud gave back: their allotment keys are deleted, and the allotment is 'returned'.
 * - `turno_bookings` (online ones): a new booking becomes a row here and the allotment's keys of its
 *   units become the booking's; a cancellation gives them back to the allotment (or frees them if it
 *   was returned); a move does both. Cancelled is final on both sides.
 *   A seña paid online (Mercado Pago, cloud migration 0026) comes with it: `deposit_paid` (the till deducts
 *   it), MP's payment id, and 'refund_owed' once a paid booking is cancelled (appliance migration 0040).
 * Nothing here goes back up through the outbox: the cloud already has it.
 */

/** A Postgres text timestamp ("2026-11-24 13:00:00+00:00", or "+00" as psql writes it) as ISO-8601 UTC. */
const isoOf = (v: unknown): string => {
  const ms = Date.parse(
    String(v)
      .replace(" ", "T")
      .replace(/([+-]\d\d)$/, "$1:00"),
  );
  return Number.isFinite(ms) ? new Date(ms).toISOString() : "";
};

function parseRanges(raw: unknown): [number, number][] {
  try {
    const value = typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw;
    if (!Array.isArray(value)) return [];
    return value.filter(
      (r): r is [number, number] =>
        Array.isArray(r) && r.length === 2 && Number.isSafeInteger(r[0]) && Number.isSafeInteger(r[1]),
    );
  } catch {
    return [];
  }
}

export function applyAllotmentMessages(ctx: Ctx, messages: ChangeMessage<Row>[]): string[] {
  const applied: string[] = [];
  for (const m of messages) {
    if (m.headers.operation === "delete") continue;
    const v = m.value;
    const id = String(v.id);
    const local = stmt(ctx.db, "SELECT state FROM turno_allotments WHERE id = ?").get(id) as
      { state: string } | undefined;
    if (!local) continue;
    const deleteKeys = stmt(
      ctx.db,
      "DELETE FROM turno_slots WHERE allotment_id = ? AND unit >= ? AND unit < ?",
    );
    for (const [from, to] of parseRanges(v.returned_ranges)) deleteKeys.run(id, from, to);
    const state =
      String(v.state) === "returned" ? "returned" : local.state === "granting" ? "held" : local.state;
    if (state !== local.state)
      stmt(ctx.db, "UPDATE turno_allotments SET state = ?, updated_at = ? WHERE id = ?").run(
        state,
        isoNow(ctx),
        id,
      );
    if (state === "returned") closeWaitlistOffer(ctx, id, null, null);
    applied.push(id);
  }
  return applied;
}

/**
 * The waitlist (desktop/src/turnos/waitlist.ts, appliance 0040): an offer of a freed slot closes when the
 * cloud books it for one of its entries (`bookedEntryId`: that entry is booked) or gives its allotment
 * back (nobody took it). Either way the offer's other entries wait again, in their old place.
 */
function closeWaitlistOffer(
  ctx: Ctx,
  allotmentId: string,
  bookingId: string | null,
  bookedEntryId: string | null,
): void {
  const at = isoNow(ctx);
  // The booking may come down after the allotment's return (two shapes): it still books its entry.
  if (bookedEntryId)
    stmt(
      ctx.db,
      `UPDATE turno_waitlist SET state = 'booked', booking_id = ?, offer_id = NULL, updated_at = ?
        WHERE id = ? AND state IN ('waiting', 'offered')`,
    ).run(bookingId, at, bookedEntryId);
  const offer = stmt(
    ctx.db,
    `SELECT id FROM turno_waitlist_offers WHERE allotment_id = ?
       AND (state = 'open' OR (? IS NOT NULL AND state = 'returned'))`,
  ).get(allotmentId, bookingId) as { id: string } | undefined;
  if (!offer) return;
  stmt(ctx.db, "UPDATE turno_waitlist_offers SET state = ?, booking_id = ?, updated_at = ? WHERE id = ?").run(
    bookingId ? "booked" : "returned",
    bookingId,
    at,
    offer.id,
  );
  stmt(
    ctx.db,
    `UPDATE turno_waitlist SET state = 'waiting', offer_id = NULL, updated_at = ?
      WHERE offer_id = ? AND state = 'offered'`,
  ).run(at, offer.id);
}

interface LocalBooking {
  state: string;
  updatedAt: string;
  start: string;
  professionalId: string;
  resourceId: string | null;
}

/**
 * A booking's keys leave it: each back to the allotment that granted it (its professional's or its
 * room's; keys taken before appliance 0043: the booking's) while the cloud holds that allotment, else freed.
 */
function releaseKeys(ctx: Ctx, bookingId: string): void {
  const row = stmt(
    ctx.db,
    `SELECT b.allotment_id AS allotmentId, a.state FROM turno_bookings b
       LEFT JOIN turno_allotments a ON a.id = b.allotment_id WHERE b.id = ?`,
  ).get(bookingId) as { allotmentId: string | null; state: string | null } | undefined;
  const own = row?.allotmentId && row.state !== "returned" ? row.allotmentId : null;
  stmt(
    ctx.db,
    `UPDATE turno_slots SET allotment_id = coalesce(granted_by, ?), booking_id = NULL, granted_by = NULL
      WHERE booking_id = ?
        AND coalesce(granted_by, ?) IN (SELECT id FROM turno_allotments WHERE state <> 'returned')`,
  ).run(own, bookingId, own);
  stmt(ctx.db, "DELETE FROM turno_slots WHERE booking_id = ?").run(bookingId);
}

/**
 * The allotment's keys of [from, to) become the booking's, remembering which allotment granted each (any
 * missing are taken if free).
 */
function takeKeys(ctx: Ctx, bookingId: string, ownerId: string, from: number, to: number): void {
  stmt(
    ctx.db,
    `UPDATE turno_slots SET booking_id = ?, granted_by = allotment_id, allotment_id = NULL
      WHERE owner_id = ? AND unit >= ? AND unit < ? AND allotment_id IS NOT NULL`,
  ).run(bookingId, ownerId, from, to);
  const insert = stmt(
    ctx.db,
    "INSERT INTO turno_slots (owner_id, unit, booking_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
  );
  for (let u = from; u < to; u++) insert.run(ownerId, u, bookingId);
}

function history(ctx: Ctx, bookingId: string, action: string): void {
  stmt(
    ctx.db,
    `INSERT INTO turno_booking_history (id, booking_id, at, staff_id, action, state, professional_id, start_at, end_at)
     SELECT ?, id, ?, NULL, ?, state, professional_id, start_at, end_at FROM turno_bookings WHERE id = ?`,
  ).run(newId(), isoNow(ctx), action, bookingId);
}

const STATES = new Set(["booked", "confirmed", "cancelled"]);

/** The seña paid online as the cloud sent it (older clouds send none). */
function onlineDepositOf(v: Row): { paid: number; paymentId: string | null; status: string | null } {
  const paid = Number(v.deposit_paid);
  const status = String(v.deposit_status ?? "");
  if (!Number.isSafeInteger(paid) || paid <= 0 || (status !== "paid" && status !== "refund_owed"))
    return { paid: 0, paymentId: null, status: null };
  return { paid, paymentId: v.deposit_payment_id == null ? null : String(v.deposit_payment_id), status };
}

function applyOnlineDeposit(ctx: Ctx, id: string, v: Row): void {
  const d = onlineDepositOf(v);
  if (!d.status) return;
  // Never above the price (the desk's rule for a seña); the status only moves paid → refund_owed.
  stmt(
    ctx.db,
    `UPDATE turno_bookings SET deposit_paid = min(?, price), deposit_payment_id = ?,
       online_deposit_status = CASE WHEN online_deposit_status = 'refund_owed' THEN 'refund_owed' ELSE ? END
     WHERE id = ?`,
  ).run(d.paid, d.paymentId, d.status, id);
}

export function applyOnlineBookingMessages(ctx: Ctx, messages: ChangeMessage<Row>[]): string[] {
  const applied: string[] = [];
  for (const m of messages) {
    if (m.headers.operation === "delete") continue;
    const v = m.value;
    if (String(v.origin) !== "online") continue;
    const id = String(v.id);
    const cloudState = String(v.state);
    const professionalId = String(v.professional_id);
    const serviceId = String(v.service_id);
    // The room it took (cloud 0031), if this appliance knows it; older clouds send none.
    const resourceId =
      typeof v.resource_id === "string" &&
      stmt(ctx.db, "SELECT 1 FROM turno_resources WHERE id = ?").get(v.resource_id)
        ? v.resource_id
        : null;
    const from = Number(v.unit_from);
    const to = Number(v.unit_to);
    const hasUnits = v.unit_from !== null && v.unit_to !== null && Number.isSafeInteger(from) && to > from;
    const updatedAt = isoOf(v.updated_at);
    // A row this version cannot read is skipped rather than jamming the shape (the cloud wrote it).
    if (!updatedAt || !isoOf(v.start_at) || !isoOf(v.end_at)) continue;
    const local = stmt(
      ctx.db,
      `SELECT state, updated_at AS updatedAt, start_at AS start, professional_id AS professionalId,
              resource_id AS resourceId FROM turno_bookings WHERE id = ?`,
    ).get(id) as LocalBooking | undefined;
    if (!local) {
      // The cloud's professional and service are this store's (born here); a row for one this appliance
      // lost (a restore from an old backup) cannot be placed and is skipped.
      const known = stmt(
        ctx.db,
        `SELECT 1 FROM turno_professionals p, turno_services s WHERE p.id = ? AND s.id = ?`,
      ).get(professionalId, serviceId);
      if (!known) continue;
      const state = STATES.has(cloudState) ? cloudState : "booked";
      const allotmentId =
        v.allotment_id &&
        stmt(ctx.db, "SELECT 1 FROM turno_allotments WHERE id = ?").get(String(v.allotment_id))
          ? String(v.allotment_id)
          : null;
      stmt(
        ctx.db,
        `INSERT INTO turno_bookings (id, service_id, professional_id, resource_id, start_at, end_at, state, origin,
           price, allotment_id, patient_name, patient_phone, patient_email, cancelled_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'online', ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        serviceId,
        professionalId,
        resourceId,
        isoOf(v.start_at),
        isoOf(v.end_at),
        state,
        Number(v.price) || 0,
        allotmentId,
        v.patient_name === null ? null : String(v.patient_name),
        v.patient_phone === null ? null : String(v.patient_phone),
        v.patient_email === null ? null : String(v.patient_email),
        state === "cancelled" ? updatedAt : null,
        updatedAt,
        updatedAt,
      );
      if (state !== "cancelled" && hasUnits) {
        takeKeys(ctx, id, professionalId, from, to);
        if (resourceId) takeKeys(ctx, id, resourceId, from, to);
      }
      applyOnlineDeposit(ctx, id, v);
      history(ctx, id, "booked_online");
      // A patient of the waitlist accepted the cloud's offer of this slot (cloud/src/turnos/waitlist).
      if (allotmentId && v.waitlist_entry_id)
        closeWaitlistOffer(ctx, allotmentId, id, String(v.waitlist_entry_id));
      applied.push(id);
      continue;
    }
    if (local.state === "cancelled") {
      // Cancelled is final, but a paid seña the cloud now says is owed back is recorded.
      applyOnlineDeposit(ctx, id, v);
      continue;
    }
    if (cloudState === "cancelled") {
      releaseKeys(ctx, id);
      applyOnlineDeposit(ctx, id, v);
      stmt(
        ctx.db,
        "UPDATE turno_bookings SET state = 'cancelled', cancelled_at = ?, updated_at = ? WHERE id = ?",
      ).run(updatedAt, updatedAt, id);
      history(ctx, id, "cancelled_online");
      applied.push(id);
      continue;
    }
    if (updatedAt <= local.updatedAt) continue;
    applyOnlineDeposit(ctx, id, v);
    const moved =
      isoOf(v.start_at) !== local.start ||
      professionalId !== local.professionalId ||
      resourceId !== local.resourceId;
    if (moved && hasUnits) {
      releaseKeys(ctx, id);
      takeKeys(ctx, id, professionalId, from, to);
      if (resourceId) takeKeys(ctx, id, resourceId, from, to);
    }
    stmt(
      ctx.db,
      `UPDATE turno_bookings SET start_at = ?, end_at = ?, professional_id = ?, resource_id = ?, updated_at = ?,
         allotment_id = coalesce((SELECT id FROM turno_allotments WHERE id = ?), allotment_id),
         -- The patient confirmed it (answering the cloud's reminder): booked → confirmed, never backwards.
         state = CASE WHEN ? = 'confirmed' AND state = 'booked' THEN 'confirmed' ELSE state END
       WHERE id = ?`,
    ).run(
      isoOf(v.start_at),
      isoOf(v.end_at),
      professionalId,
      resourceId,
      updatedAt,
      String(v.allotment_id ?? ""),
      cloudState,
      id,
    );
    if (moved) history(ctx, id, "moved_online");
    applied.push(id);
  }
  return applied;
}
