import type { BookingCharge } from "@mostrador/contracts/http/turnos";
import type { Sale } from "@mostrador/contracts/http/sales";
import { formatMoney } from "@mostrador/contracts/money";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import type { SaleExtras, SaleHooks } from "../pos/sale-hooks.js";
import { getBooking, markCharged, unmarkCharged } from "./bookings.js";
import { coverageOf, getService } from "./setup.js";

/**
 * A turno charged at the till is a sale linked to its booking (README.md "Charging at the till"): the
 * service at its full price is the sale's total; the seña already paid settles part of it with the method
 * "deposit" and a covered patient's obra social share with "coverage"; the patient pays the rest with the
 * normal tenders. Checked and recorded in the sale's own transaction by the hook below.
 */

const paidWith = (payments: readonly { method: string; amount: number }[], method: string) =>
  payments.filter((p) => p.method === method).reduce((s, p) => s + p.amount, 0);

const NOT_CHARGEABLE: Record<string, string> = {
  held: "Un turno reservado momentáneamente no se cobra: confirmalo primero",
  cancelled: "Un turno cancelado no se cobra",
  no_show: "Un turno marcado ausente no se cobra",
};

/** The sale that charged the booking, or null. */
export function chargeSaleOf(db: Db, bookingId: string): string | null {
  const row = stmt(db, "SELECT sale_id AS saleId FROM turno_booking_charges WHERE booking_id = ?").get(
    bookingId,
  ) as { saleId: string } | undefined;
  return row?.saleId ?? null;
}

/** What the till charges; refuses a booking that was already charged or is not in a state to be. */
export function bookingCharge(db: Db, id: string): BookingCharge {
  const b = getBooking(db, id);
  const refusal = NOT_CHARGEABLE[b.state];
  if (refusal) throw new DomainError("conflict", "booking_not_chargeable", refusal, { state: b.state });
  if (chargeSaleOf(db, id))
    throw new DomainError("conflict", "booking_already_charged", "Este turno ya se cobró", {
      saleId: chargeSaleOf(db, id),
    });
  const coverage = b.customerId ? coverageOf(db, b.customerId) : null;
  const copayRow = coverage
    ? (stmt(db, "SELECT copay FROM turno_copays WHERE service_id = ? AND lower(payer) = lower(?)").get(
        b.serviceId,
        coverage.payer,
      ) as { copay: number } | undefined)
    : undefined;
  // A copay above the price (the price was lowered after the copay was set) leaves the obra social nothing.
  const copay = copayRow ? Math.min(copayRow.copay, b.price) : null;
  const coverageShare = copay === null ? 0 : b.price - copay;
  const patientShare = b.price - coverageShare;
  const depositApplied = Math.min(b.depositPaid, patientShare);
  return {
    bookingId: b.id,
    customerId: b.customerId,
    customerName: b.customerName,
    productId: getService(db, b.serviceId).productId,
    description: `${b.serviceName} · ${b.professionalName}`,
    price: b.price,
    depositPaid: b.depositPaid,
    coverage,
    copay,
    amountDue: patientShare - depositApplied,
    coverageShare,
    depositApplied,
  };
}

function refuseMismatch(code: string, message: string, details: Record<string, unknown>): never {
  throw new DomainError("invalid", code, message, details);
}

/** The sale's hook: a sale naming a booking charges it once, with exactly its seña and obra social share. */
function chargeBooking(
  ctx: Ctx,
  principal: Principal,
  sale: Sale,
  _customerId: string | null,
  extras: SaleExtras,
): void {
  const deposit = paidWith(sale.payments, "deposit");
  const coverage = paidWith(sale.payments, "coverage");
  const bookingId = extras.bookingId ?? null;
  if (!bookingId) {
    if (deposit > 0 || coverage > 0)
      throw new DomainError(
        "invalid",
        "booking_required",
        "La seña y la parte de la obra social solo se usan al cobrar un turno",
      );
    return;
  }
  const charge = bookingCharge(ctx.db, bookingId);
  const line = sale.lines.find((l) => l.productId === charge.productId);
  if (!line)
    throw new DomainError(
      "invalid",
      "booking_service_missing",
      `El ticket no tiene el servicio del turno (${charge.description})`,
    );
  if (deposit !== charge.depositApplied)
    refuseMismatch(
      "booking_deposit_mismatch",
      charge.depositApplied > 0
        ? `La seña ya pagada de este turno es ${formatMoney(charge.depositApplied)}`
        : "Este turno no tiene seña pagada",
      { expected: charge.depositApplied, paid: deposit },
    );
  if (coverage !== charge.coverageShare)
    refuseMismatch(
      "booking_coverage_mismatch",
      charge.coverageShare > 0
        ? `A cargo de ${charge.coverage?.payer ?? "la obra social"} van ${formatMoney(charge.coverageShare)}`
        : "El paciente no tiene una obra social que cubra este servicio",
      { expected: charge.coverageShare, paid: coverage },
    );
  stmt(
    ctx.db,
    `INSERT INTO turno_booking_charges (booking_id, sale_id, payer, coverage_amount, deposit_applied,
       patient_amount, cash_session_id, charged_at, charged_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    bookingId,
    sale.id,
    charge.coverageShare > 0 ? (charge.coverage?.payer ?? null) : null,
    charge.coverageShare,
    charge.depositApplied,
    charge.amountDue,
    sale.cashSessionId,
    isoNow(ctx),
    principal.staffId,
  );
  markCharged(ctx, principal.staffId, bookingId);
}

/** A voided sale un-charges its booking: back to "en sala de espera", to be charged again. */
function voidCharge(ctx: Ctx, principal: Principal, sale: Sale): void {
  if (!sale.bookingId) return;
  stmt(ctx.db, "DELETE FROM turno_booking_charges WHERE sale_id = ?").run(sale.id);
  unmarkCharged(ctx, principal.staffId, sale.bookingId);
}

// A return needs no hook: the refund caps (contracts/src/pos/refunds.ts CARD_METHODS) give back to "deposit"
// and "coverage" at most what they settled, and the booking stays done (the service was given).
export const turnosSaleHooks: SaleHooks = { saleWritten: chargeBooking, saleVoided: voidCharge };
