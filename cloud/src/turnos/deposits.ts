import { emitBookingEvent } from "../webhooks/payloads.js";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Queryable, Sql } from "../db/sql.js";
import type { MessagingConfig } from "../messaging/config.js";
import type { LinkPayment } from "../payments/link-hooks.js";
import type { PaymentsModule } from "../payments/module.js";
import { createPaymentLink } from "../payments/payment-links.js";
import { lockTenantShapes, releaseOnlineKeys } from "./allotments.js";
import { sendDepositPaidMessage, syncBookingReminders } from "./reminders/schedule.js";

/**
 * The online seña (docs/turnos.md, "Señas"): a service with a deposit booked online while the tenant has
 * Mercado Pago connected is born HELD — its keys taken like any booking's, so nobody else gets the slot —
 * until `hold_expires_at` (the shop's hold minutes). Its Checkout Pro link (payments module, reference
 * `turno-<booking id>`) is paid at MP; the payments module re-reads the payment, accepts only the link's
 * exact amount, once per (payment, status), and calls `depositPaid` in that same transaction: the hold
 * becomes booked. A hold past its time is cancelled and its keys go back to the allotment (`expireHolds`,
 * run before every online booking and by a sweep); a payment that arrives after that finds a cancelled
 * booking and is recorded as owed back, never booking the slot again (it may be someone else's by then).
 */

export const DEPOSIT_REFERENCE_PREFIX = "turno-";
const referenceOf = (bookingId: string) => `${DEPOSIT_REFERENCE_PREFIX}${bookingId}`;

/** The tenant has Mercado Pago connected (an appliance gave the cloud its seller's token). */
export async function depositsOnline(q: Queryable): Promise<boolean> {
  const [row] = await q.query("SELECT 1 FROM mercadopago_accounts");
  return Boolean(row);
}

/**
 * Holds past their time are cancelled (deposit 'expired') and their keys freed: back to the allotment,
 * or returned to the desk if the allotment was. `storeId` limits it to one store (the booking path).
 */
export async function expireHolds(q: Queryable, now: Date, storeId?: string): Promise<number> {
  await lockTenantShapes(q);
  const due = await q.query<{ id: string }>(
    `SELECT id FROM turno_bookings WHERE state = 'held' AND hold_expires_at <= $1
        AND ($2::uuid IS NULL OR store_id = $2) FOR UPDATE`,
    [now.toISOString(), storeId ?? null],
  );
  for (const { id } of due) {
    await releaseOnlineKeys(q, id, now);
    await q.query(
      `UPDATE turno_bookings SET state = 'cancelled', deposit_status = 'expired', deposit_url = NULL,
         unit_from = NULL, unit_to = NULL, updated_at = $2 WHERE id = $1`,
      [id, now.toISOString()],
    );
  }
  return due.length;
}

/** Every tenant's expired holds (the module's sweep; the one cross-tenant lookup is a SECURITY DEFINER function). */
export async function sweepHolds(sql: Sql, clock: Clock): Promise<void> {
  const now = clock.now();
  const tenants = await sql.query<{ t: string }>("SELECT turnos_tenants_with_expired_holds($1) AS t", [
    now.toISOString(),
  ]);
  for (const { t } of tenants) await sql.withTenant(t, (q) => expireHolds(q, now));
}

/**
 * After a held booking committed: its payment link, sent back with the booking so the page redirects to
 * it. If MP refuses or cannot be reached, the hold is let go at once (cancelled, keys freed) and the patient
 * is told: a slot is never kept for a payment that cannot be made.
 */
export async function openDepositLink(
  sql: Sql,
  payments: PaymentsModule,
  tenantId: string,
  booking: { id: string; serviceName: string; storeId: string; token: string; amount: number },
  now: Date,
): Promise<string> {
  const back = `${payments.config.publicUrl.replace(/\/+$/, "")}/reservar/${booking.storeId}/turno/${booking.id}#token=${booking.token}`;
  try {
    const link = await createPaymentLink(
      sql,
      payments.config,
      tenantId,
      {
        title: `Seña: ${booking.serviceName}`.slice(0, 120),
        amount: booking.amount,
        reference: referenceOf(booking.id),
      },
      now,
      { backUrl: back },
    );
    await sql.withTenant(tenantId, (q) =>
      q.query("UPDATE turno_bookings SET deposit_url = $2 WHERE id = $1 AND state = 'held'", [
        booking.id,
        link.url,
      ]),
    );
    return link.url;
  } catch (err) {
    await sql.withTenant(tenantId, async (q) => {
      await lockTenantShapes(q);
      await releaseOnlineKeys(q, booking.id, now);
      await q.query(
        `UPDATE turno_bookings SET state = 'cancelled', deposit_status = 'expired', unit_from = NULL,
           unit_to = NULL, updated_at = $2 WHERE id = $1 AND state = 'held'`,
        [booking.id, now.toISOString()],
      );
    });
    if (err instanceof CloudError)
      throw new CloudError(
        "conflict",
        "deposit_link_failed",
        `No se pudo crear el pago de la seña, así que el turno no quedó reservado: ${err.message}`,
      );
    throw err;
  }
}

/**
 * A payment of a turno's link, re-read from MP and of the link's exact amount (the payments module checked
 * both, once per payment and status), in the transaction that recorded it. Approved: a hold still in time
 * is booked with its seña; anything else — expired, cancelled — keeps its state and owes the seña back.
 */
export function depositPaidHandler(config: MessagingConfig) {
  return async (q: Queryable, paid: LinkPayment): Promise<void> => {
    if (paid.payment.status !== "approved") return;
    const id = paid.reference.slice(DEPOSIT_REFERENCE_PREFIX.length);
    await lockTenantShapes(q);
    const [b] = await q.query<{ state: string; deposit_status: string; hold_expires_at: Date | null }>(
      "SELECT state, deposit_status, hold_expires_at FROM turno_bookings WHERE id = $1 AND origin = 'online' FOR UPDATE",
      [id],
    );
    if (!b || b.deposit_status === "paid" || b.deposit_status === "refund_owed") return;
    const inTime =
      b.state === "held" && b.hold_expires_at !== null && b.hold_expires_at.getTime() > paid.at.getTime();
    if (b.state === "held" && !inTime) await expireHolds(q, paid.at);
    await q.query(
      `UPDATE turno_bookings SET deposit_paid = $2, deposit_payment_id = $3, deposit_url = NULL, updated_at = $4,
         state = CASE WHEN $5 THEN 'booked' ELSE state END,
         deposit_status = CASE WHEN $5 THEN 'paid' ELSE 'refund_owed' END
       WHERE id = $1`,
      [id, paid.payment.amount, paid.payment.id, paid.at.toISOString(), inTime],
    );
    if (inTime) {
      // Booked only now: the tenant's webhooks hear of it now (online.ts leaves held bookings out).
      await emitBookingEvent(q, "booking.created", id, paid.at);
      await syncBookingReminders(q, config, id, paid.at);
      await sendDepositPaidMessage(q, id, paid.at);
    }
  };
}
