import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../db/sql.js";
import { emitWebhookEvents, type WebhookEventInput } from "./outbox.js";

/**
 * What a receiver gets in `data` for each event type: one place, so the same fact has the same shape
 * whichever module caused it. Money in centavos, instants in ISO-8601 UTC, ids as the cloud holds them.
 */

type Sale = OpPayload<"sale", "created">;

export function saleCreated(storeId: string, s: Sale): WebhookEventInput {
  return {
    type: "sale.created",
    data: {
      saleId: s.id,
      storeId,
      number: s.displayNumber,
      createdAt: s.createdAt,
      customerId: s.customerId ?? null,
      subtotal: s.subtotal,
      discountTotal: s.lineDiscountTotal + s.ticketDiscountTotal,
      total: s.total,
      lines: s.lines.map((l) => ({
        productId: l.productId,
        description: l.description,
        unit: l.unit,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        total: l.total,
      })),
      payments: s.payments.map((p) => ({ method: p.method, amount: p.amount, change: p.change })),
    },
  };
}

type Notification = OpPayload<"notification", "created">;

/** A low-stock notification of a till (notification/created with kind "low_stock"). */
export function stockLow(storeId: string, n: Notification): WebhookEventInput {
  return {
    type: "stock.low",
    data: {
      storeId,
      productId: n.productId ?? null,
      onHand: n.onHand ?? null,
      threshold: n.threshold ?? null,
      message: n.message,
      at: n.at,
    },
  };
}

type Alarm = OpPayload<"alarm", "updated">;

export function alarmRaised(storeId: string, a: Alarm): WebhookEventInput {
  return {
    type: "alarm.raised",
    data: {
      alarmId: a.id,
      storeId,
      deviceId: a.deviceId ?? null,
      severity: a.severity,
      status: a.status,
      message: a.message,
      raisedAt: a.raisedAt,
    },
  };
}

export interface BookingFacts {
  id: string;
  storeId: string;
  professionalId: string;
  serviceId: string;
  start: string;
  end: string;
  origin: string;
  price: number;
  patientName: string | null;
}

export function bookingEvent(
  type: "booking.created" | "booking.cancelled",
  b: BookingFacts,
): WebhookEventInput {
  return {
    type,
    data: {
      bookingId: b.id,
      storeId: b.storeId,
      professionalId: b.professionalId,
      serviceId: b.serviceId,
      start: b.start,
      end: b.end,
      origin: b.origin,
      price: b.price,
      patientName: b.patientName,
    },
  };
}

export function customerCreated(customerId: string, bornAt: string, name: string | null): WebhookEventInput {
  return { type: "customer.created", data: { customerId, bornAt, name } };
}

/** A booking's facts as the cloud holds them (turno_bookings), for an event written after the row. */
export async function bookingFacts(q: Queryable, id: string): Promise<BookingFacts> {
  const [row] = await q.query<BookingFacts>(
    `SELECT id, store_id AS "storeId", professional_id AS "professionalId", service_id AS "serviceId",
       to_char(start_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS start,
       to_char(end_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "end",
       origin, price, patient_name AS "patientName"
     FROM turno_bookings WHERE id = $1`,
    [id],
  );
  return row!;
}

/** A booking's event from the row the cloud holds, in the caller's transaction (online and paid bookings). */
export async function emitBookingEvent(
  q: Queryable,
  type: "booking.created" | "booking.cancelled",
  id: string,
  now: Date,
): Promise<void> {
  await emitWebhookEvents(q, [bookingEvent(type, await bookingFacts(q, id))], now);
}
