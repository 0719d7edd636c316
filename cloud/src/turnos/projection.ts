import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../db/sql.js";
import type { IngestScope } from "../ingest/handlers.js";
import { grantAllotment, lockTenantShapes, reclaimAllotment, releaseOnlineKeys } from "./allotments.js";
import { emitWebhookEvents } from "../webhooks/outbox.js";
import { bookingEvent, type BookingFacts } from "../webhooks/payloads.js";

/**
 * The turnos projections (docs/turnos.md): each store's setup and bookings as its appliance uploads them.
 * Setup rows: the later `updatedAt` wins (an older op replayed changes nothing). Bookings too, except that
 * a cancellation is final on both sides: a booking the cloud or the desk cancelled never comes back, so a
 * cancelled online booking's units can never be booked twice.
 */

type Professional = OpPayload<"turno_professional", "created">;
type Service = OpPayload<"turno_service", "created">;
type Rules = OpPayload<"turno_rules", "updated">;
type Exception = OpPayload<"turno_exception", "created">;
type Booking = OpPayload<"turno_booking", "created">;
type Allotment = OpPayload<"turno_allotment", "granted">;

export async function applyProfessionalOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  for (const op of ops) {
    const p = op.payload as Professional;
    await q.query(
      `INSERT INTO turno_professionals (tenant_id, id, store_id, name, active, service_ids, hours, updated_at)
       VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id, id) DO UPDATE SET name = EXCLUDED.name, active = EXCLUDED.active,
         service_ids = EXCLUDED.service_ids, hours = EXCLUDED.hours, updated_at = EXCLUDED.updated_at
       WHERE turno_professionals.updated_at <= EXCLUDED.updated_at`,
      [
        p.id,
        scope.storeId,
        p.name,
        p.active,
        JSON.stringify(p.serviceIds),
        JSON.stringify(p.hours),
        p.updatedAt,
      ],
    );
  }
}

export async function applyServiceOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  for (const op of ops) {
    const s = op.payload as Service;
    await q.query(
      `INSERT INTO turno_services (tenant_id, id, store_id, name, duration_minutes, buffer_before_minutes,
         buffer_after_minutes, price, deposit, active, resource_ids, updated_at, product_id)
       VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (tenant_id, id) DO UPDATE SET name = EXCLUDED.name,
         duration_minutes = EXCLUDED.duration_minutes, buffer_before_minutes = EXCLUDED.buffer_before_minutes,
         buffer_after_minutes = EXCLUDED.buffer_after_minutes, price = EXCLUDED.price,
         deposit = EXCLUDED.deposit, active = EXCLUDED.active, resource_ids = EXCLUDED.resource_ids,
         updated_at = EXCLUDED.updated_at,
         product_id = COALESCE(EXCLUDED.product_id, turno_services.product_id)
       WHERE turno_services.updated_at <= EXCLUDED.updated_at`,
      [
        s.id,
        scope.storeId,
        s.name,
        s.durationMinutes,
        s.bufferBeforeMinutes,
        s.bufferAfterMinutes,
        s.price,
        s.deposit,
        s.active,
        JSON.stringify(s.resourceIds ?? []),
        s.updatedAt,
        s.productId ?? null,
      ],
    );
  }
}

/** The store's rules (also carried by each grant, so the cloud never books under rules it has not seen). */
export async function upsertRules(q: Queryable, storeId: string, r: Rules): Promise<void> {
  await q.query(
    `INSERT INTO turno_rules (tenant_id, store_id, slot_minutes, min_notice_minutes, horizon_days, hold_minutes,
       time_zone, updated_at)
     VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, store_id) DO UPDATE SET slot_minutes = EXCLUDED.slot_minutes,
       min_notice_minutes = EXCLUDED.min_notice_minutes, horizon_days = EXCLUDED.horizon_days,
       hold_minutes = EXCLUDED.hold_minutes, time_zone = EXCLUDED.time_zone, updated_at = EXCLUDED.updated_at
     WHERE turno_rules.updated_at <= EXCLUDED.updated_at`,
    [storeId, r.slotMinutes, r.minNoticeMinutes, r.horizonDays, r.holdMinutes, r.timeZone, r.updatedAt],
  );
}

export async function applyRulesOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  for (const op of ops) await upsertRules(q, scope.storeId, op.payload as Rules);
}

export async function applyExceptionOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  for (const op of ops) {
    const e = op.payload as Exception;
    await q.query(
      `INSERT INTO turno_exceptions (tenant_id, id, store_id, professional_id, day, kind, start_minute,
         end_minute, deleted, updated_at)
       VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (tenant_id, id) DO UPDATE SET deleted = turno_exceptions.deleted OR EXCLUDED.deleted`,
      [
        e.id,
        scope.storeId,
        e.professionalId,
        e.day,
        e.kind,
        e.startMinute,
        e.endMinute,
        op.op === "deleted",
        e.updatedAt,
      ],
    );
  }
}

interface StoredBooking {
  state: string;
  origin: string;
  start_at: Date;
  professional_id: string;
  updated_at: Date;
}

function bookingFactsOf(storeId: string, b: Booking): BookingFacts {
  return {
    id: b.id,
    storeId,
    professionalId: b.professionalId,
    serviceId: b.serviceId,
    start: b.start,
    end: b.end,
    origin: b.origin,
    price: b.price,
    patientName: b.patientName ?? null,
  };
}

export async function applyBookingOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  // Before any booking row lock: the patient's link takes this first too (allotments.ts, lockTenantShapes).
  await lockTenantShapes(q);
  for (const op of ops) {
    const b = op.payload as Booking;
    const [before] = await q.query<StoredBooking>(
      `SELECT state, origin, start_at, professional_id, updated_at FROM turno_bookings WHERE id = $1 FOR UPDATE`,
      [b.id],
    );
    if (!before) {
      await q.query(
        `INSERT INTO turno_bookings (tenant_id, id, store_id, professional_id, service_id, customer_id, start_at,
           end_at, state, origin, allotment_id, patient_name, patient_phone, patient_email, price, deposit_paid,
           payload, created_at, updated_at)
         VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)`,
        [
          b.id,
          scope.storeId,
          b.professionalId,
          b.serviceId,
          b.customerId,
          b.start,
          b.end,
          b.state,
          b.origin,
          b.allotmentId ?? null,
          b.patientName ?? null,
          b.patientPhone ?? null,
          b.patientEmail ?? null,
          b.price,
          b.depositPaid,
          JSON.stringify(b),
          b.updatedAt,
        ],
      );
      // booking.created for the tenant's webhooks (the desk's bookings: an online one was announced
      // when the cloud took it, and its echo from the desk finds its row).
      if (b.state !== "cancelled")
        await emitWebhookEvents(
          q,
          [bookingEvent("booking.created", bookingFactsOf(scope.storeId, b))],
          scope.now,
        );
      continue;
    }
    // Cancelled is final; otherwise the later version wins.
    if (before.state === "cancelled") continue;
    if (b.state !== "cancelled" && before.updated_at.getTime() > Date.parse(b.updatedAt)) continue;
    const moved =
      before.start_at.getTime() !== Date.parse(b.start) || before.professional_id !== b.professionalId;
    // An online booking the desk cancelled or moved leaves the cloud's units: they are the allotment's again.
    if (before.origin === "online" && (b.state === "cancelled" || moved))
      await releaseOnlineKeys(q, b.id, scope.now);
    await q.query(
      `UPDATE turno_bookings SET professional_id = $2, service_id = $3, customer_id = $4, start_at = $5,
         end_at = $6, state = $7, price = $8, payload = $10, updated_at = $11,
         unit_from = CASE WHEN $12 THEN NULL ELSE unit_from END, unit_to = CASE WHEN $12 THEN NULL ELSE unit_to END,
         -- A seña paid online is the cloud's record (an appliance that never heard of it says 0); the desk
         -- cancelling a booking whose seña was paid online leaves it owed back to the patient.
         deposit_paid = CASE WHEN deposit_status IN ('paid', 'refund_owed') THEN deposit_paid ELSE $9 END,
         deposit_status = CASE WHEN $7 = 'cancelled' AND deposit_status = 'paid' THEN 'refund_owed'
                               ELSE deposit_status END
       WHERE id = $1`,
      [
        b.id,
        b.professionalId,
        b.serviceId,
        b.customerId,
        b.start,
        b.end,
        b.state,
        b.price,
        b.depositPaid,
        JSON.stringify(b),
        b.updatedAt,
        moved || b.state === "cancelled",
      ],
    );
    if (b.state === "cancelled")
      await emitWebhookEvents(
        q,
        [bookingEvent("booking.cancelled", bookingFactsOf(scope.storeId, b))],
        scope.now,
      );
  }
}

export async function applyAllotmentOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  await lockTenantShapes(q);
  for (const op of ops) {
    const a = op.payload as Allotment;
    if (op.op === "granted") {
      if (a.rules) await upsertRules(q, scope.storeId, a.rules);
      await grantAllotment(q, scope.storeId, a, scope.now);
    } else await reclaimAllotment(q, a.id, scope.now);
  }
}
