/**
 * Payments against a ticket total: a PURE module (the till UI uses it to enable "Confirmar").
 *
 * Rules of the counter:
 * - `amount` is what a payment covers of the total. For cash the customer may hand over more
 *   (`tendered`) and gets the difference back as change (vuelto).
 * - Only cash gives change: a card or a transfer never covers more than what is still owed.
 * - The amounts add up to the total exactly, to the centavo.
 */
import { Refusal } from "../refusal.js";
import { formatMoney } from "../money.js";
import { isAmount, MAX_AMOUNT } from "../money.js";

export { MAX_PAYMENTS, MAX_REFERENCE_LENGTH, PAYMENT_METHODS, type PaymentMethod } from "../http/sales.js";
import { MAX_PAYMENTS, MAX_REFERENCE_LENGTH, PAYMENT_METHODS, type PaymentMethod } from "../http/sales.js";

export const METHOD_NAMES: Record<PaymentMethod, string> = {
  cash: "efectivo",
  debit: "débito",
  credit: "crédito",
  transfer: "transferencia",
  exchange: "cambio",
  account: "cuenta corriente",
  points: "puntos",
  card: "tarjeta prepaga",
  mercadopago: "Mercado Pago",
  deposit: "seña",
  coverage: "a cargo de obra social",
  online: "cobrado por el canal online",
};

/**
 * What settles part of a turno's price without the patient paying at the till (desktop/src/turnos): the seña
 * paid before, and the share the obra social owes. The server checks them against the sale's booking.
 */
export const BOOKING_METHODS: readonly PaymentMethod[] = ["deposit", "coverage"];

/**
 * The methods a cashier picks to pay or refund. "exchange" is left out: it is only the credit an exchange's
 * return applies to its new sale, written by the server (pos/exchanges.ts) and refused anywhere else.
 */
export const TENDER_METHODS: readonly PaymentMethod[] = PAYMENT_METHODS.filter(
  (m) => m !== "exchange" && m !== "online" && !BOOKING_METHODS.includes(m),
);

export interface PaymentInput {
  method: PaymentMethod;
  amount: number;
  /** Cash only: what the customer handed over. Defaults to the amount (no change). */
  tendered?: number | null;
  /** Card voucher number, transfer id... */
  reference?: string | null;
}

export interface CheckedPayment {
  method: PaymentMethod;
  amount: number;
  tendered: number | null;
  change: number;
  reference: string | null;
}

export interface CheckedPayments {
  payments: CheckedPayment[];
  changeGiven: number;
}

const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new Refusal("invalid", code, message, details);

function checkOne(p: PaymentInput, n: number, owed: number): CheckedPayment {
  if (!(PAYMENT_METHODS as readonly string[]).includes(p.method)) {
    throw invalid("invalid_payment_method", `Pago ${n}: medio de pago desconocido`, { payment: n });
  }
  const name = METHOD_NAMES[p.method];
  if (!isAmount(p.amount) || p.amount === 0) {
    throw invalid(
      "invalid_payment_amount",
      `Pago ${n} (${name}): el importe debe ser mayor que ${formatMoney(0)} y no superar ${formatMoney(MAX_AMOUNT)}`,
      { payment: n },
    );
  }
  const reference = p.reference?.trim() || null;
  if (reference && reference.length > MAX_REFERENCE_LENGTH) {
    throw invalid("invalid_reference", `Pago ${n}: la referencia es demasiado larga`, { payment: n });
  }
  if (p.method !== "cash") {
    if (p.tendered != null)
      throw invalid("tendered_not_cash", `Pago ${n}: solo el efectivo lleva "entregado" y vuelto`, {
        payment: n,
      });
    if (p.amount > owed) {
      throw invalid(
        "payment_exceeds_due",
        `Pago ${n}: con ${name} se cobra como máximo lo que falta (${formatMoney(Math.max(owed, 0))}); solo el efectivo da vuelto`,
        { payment: n, owed: Math.max(owed, 0) },
      );
    }
    return { method: p.method, amount: p.amount, tendered: null, change: 0, reference };
  }
  const tendered = p.tendered ?? p.amount;
  if (!isAmount(tendered))
    throw invalid(
      "invalid_tendered",
      `Pago ${n}: el efectivo entregado debe ser de hasta ${formatMoney(MAX_AMOUNT)}`,
      {
        payment: n,
      },
    );
  if (tendered < p.amount) {
    throw invalid(
      "tendered_short",
      `Pago ${n}: el efectivo entregado (${formatMoney(tendered)}) no alcanza para ${formatMoney(p.amount)}`,
      {
        payment: n,
      },
    );
  }
  return {
    method: "cash",
    amount: p.amount,
    tendered: p.tendered == null ? null : tendered,
    change: tendered - p.amount,
    reference,
  };
}

/** Validates payments for `total` and works out the change; throws Refusal invalid on any mismatch. */
export function checkPayments(total: number, payments: readonly PaymentInput[]): CheckedPayments {
  if (payments.length > MAX_PAYMENTS)
    throw invalid("too_many_payments", `Un ticket admite como máximo ${MAX_PAYMENTS} pagos`);
  let covered = 0;
  const checked = payments.map((p, i) => {
    const c = checkOne(p, i + 1, total - covered);
    covered += c.amount;
    return c;
  });
  if (covered !== total) {
    const gap = total - covered;
    const message =
      gap > 0
        ? `Los pagos no cubren el total: faltan ${formatMoney(gap)} de ${formatMoney(total)}`
        : `Los pagos superan el total: sobran ${formatMoney(-gap)} de ${formatMoney(total)}`;
    throw invalid("payments_mismatch", message, {
      total,
      paid: covered,
      missing: Math.max(gap, 0),
      over: Math.max(-gap, 0),
    });
  }
  return { payments: checked, changeGiven: checked.reduce((s, p) => s + p.change, 0) };
}
