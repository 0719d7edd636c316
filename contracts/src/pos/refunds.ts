/**
 * Refunds of a return: a PURE module (the till UI proposes its split with it). Money goes back by one or
 * more methods (cash from the drawer, a card reversal, a transfer) and the refunds add up to the return
 * total exactly, to the centavo.
 *
 * Rules of the counter:
 * - Money goes back the way it came: a sale paid debit + cash is refunded debit + cash, in proportion to
 *   what each method still has to give back (largest remainder to the centavo, cash last: a centavo in a
 *   tie goes to the card, the drawer absorbs what is left). The cashier may change the split.
 * - A card (debit, credit) is never refunded more than was paid with it on that sale, minus what earlier
 *   returns already gave back to it: a reversal beyond the charge is money the shop never received.
 *   Cash and transfer may refund anything (the customer may prefer cash for a card purchase).
 */
import { Refusal } from "../refusal.js";
import { formatMoney } from "../money.js";
import { allocate, isAmount } from "../money.js";
import {
  MAX_PAYMENTS,
  MAX_REFERENCE_LENGTH,
  METHOD_NAMES,
  PAYMENT_METHODS,
  type PaymentMethod,
} from "./payments.js";

export interface RefundInput {
  method: PaymentMethod;
  amount: number;
  reference?: string | null;
}

export interface CheckedRefund {
  method: PaymentMethod;
  amount: number;
  reference: string | null;
}

const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new Refusal("invalid", code, message, details);

/** Methods whose refund is a reversal of the original charge, capped at what that charge was. */
// The account and points too: a return credits the account or gives points back at most as much as the
// sale charged or redeemed with them.
// A prepaid card ("card") too: a return credits the card the sale charged, at most what it charged.
// A turno's seña ("deposit") and obra social share ("coverage") too: a return gives back to each at most what
// it settled (desktop/src/turnos/README.md says what that means for the patient and the obra social).
// What a channel collected ("online") too: the channel refunds its buyer, the drawer gives nothing back.
export const CARD_METHODS: readonly PaymentMethod[] = [
  "debit",
  "credit",
  "account",
  "points",
  "card",
  "deposit",
  "coverage",
  "online",
];

/** What a method can still give back on a sale: paid with it, minus refunded to it by earlier returns. */
export interface Refundable {
  method: PaymentMethod;
  paid: number;
  refunded: number;
  left: number;
}

/**
 * Per method, in the order the sale was first paid with each (one entry per method): what it paid (the
 * amount a payment covered, never the cash tendered) and what earlier returns refunded to it.
 */
export function refundableByMethod(
  payments: readonly { method: PaymentMethod; amount: number }[],
  earlierRefunds: readonly { method: PaymentMethod; amount: number }[] = [],
): Refundable[] {
  const byMethod = new Map<PaymentMethod, Refundable>();
  for (const p of payments) {
    // An exchange's credit is not money that can go back the way it came: what a later return of that
    // sale gives back goes to the other methods, and what they cannot take to cash (proposeRefunds).
    if (p.method === "exchange") continue;
    const entry = byMethod.get(p.method) ?? { method: p.method, paid: 0, refunded: 0, left: 0 };
    entry.paid += p.amount;
    byMethod.set(p.method, entry);
  }
  for (const r of earlierRefunds) {
    const entry = byMethod.get(r.method);
    if (entry) entry.refunded += r.amount;
  }
  return [...byMethod.values()].map((e) => ({ ...e, left: Math.max(0, e.paid - e.refunded) }));
}

/**
 * The refunds the till proposes for a return of `total`: the methods of the sale in proportion to what
 * each can still give back, largest remainder to the centavo, cash last. Whatever the methods cannot
 * take (earlier returns refunded by another method than the one that paid) goes to cash. Zero parts are
 * left out. The server accepts any split the cashier makes of it within the card caps (checkRefunds).
 */
export function proposeRefunds(total: number, refundable: readonly Refundable[]): RefundInput[] {
  if (!Number.isSafeInteger(total) || total <= 0) return [];
  const ordered = [
    ...refundable.filter((r) => r.method !== "cash"),
    ...refundable.filter((r) => r.method === "cash"),
  ];
  const capacity = ordered.reduce((s, r) => s + r.left, 0);
  const spread = Math.min(total, capacity);
  const parts =
    spread > 0
      ? allocate(
          spread,
          ordered.map((r) => r.left),
        )
      : ordered.map(() => 0);
  const refunds: RefundInput[] = ordered.map((r, i) => ({ method: r.method, amount: parts[i] ?? 0 }));
  const rest = total - spread;
  if (rest > 0) {
    const cash = refunds.find((r) => r.method === "cash");
    if (cash) cash.amount += rest;
    else refunds.push({ method: "cash", amount: rest });
  }
  return refunds.filter((r) => r.amount > 0);
}

/**
 * Validates refunds for a return of `total`: known methods, positive amounts, adding up exactly; and,
 * when the sale's `refundable` is given, no card refunded past what it paid (card_refund_exceeds_paid).
 */
export function checkRefunds(
  total: number,
  refunds: readonly RefundInput[],
  refundable?: readonly Refundable[],
): CheckedRefund[] {
  if (!Array.isArray(refunds as unknown)) throw invalid("refunds_required", "Faltan los reintegros");
  if (refunds.length > MAX_PAYMENTS)
    throw invalid("too_many_refunds", `Una devolución admite como máximo ${MAX_PAYMENTS} reintegros`);
  const checked = refunds.map((r, i): CheckedRefund => {
    const n = i + 1;
    if (r === null || typeof r !== "object" || !(PAYMENT_METHODS as readonly string[]).includes(r.method)) {
      throw invalid("invalid_payment_method", `Reintegro ${n}: medio de pago desconocido`, { refund: n });
    }
    if (!isAmount(r.amount) || r.amount === 0) {
      throw invalid(
        "invalid_refund_amount",
        `Reintegro ${n} (${METHOD_NAMES[r.method]}): el importe debe ser mayor que cero`,
        { refund: n },
      );
    }
    const reference = r.reference?.trim() || null;
    if (reference && reference.length > MAX_REFERENCE_LENGTH) {
      throw invalid("invalid_reference", `Reintegro ${n}: la referencia es demasiado larga`, { refund: n });
    }
    return { method: r.method, amount: r.amount, reference };
  });
  const refunded = checked.reduce((s, r) => s + r.amount, 0);
  if (refunded !== total) {
    const gap = total - refunded;
    throw invalid(
      "refunds_mismatch",
      gap > 0
        ? `Los reintegros no cubren la devolución: faltan ${formatMoney(gap)} de ${formatMoney(total)}`
        : `Los reintegros superan la devolución: sobran ${formatMoney(-gap)} de ${formatMoney(total)}`,
      { total, refunded, missing: Math.max(gap, 0), over: Math.max(-gap, 0) },
    );
  }
  if (refundable) checkCardCaps(checked, refundable);
  return checked;
}

function checkCardCaps(refunds: readonly CheckedRefund[], refundable: readonly Refundable[]): void {
  for (const method of CARD_METHODS) {
    const asked = refunds.filter((r) => r.method === method).reduce((s, r) => s + r.amount, 0);
    if (asked === 0) continue;
    const r = refundable.find((x) => x.method === method);
    const left = r?.left ?? 0;
    if (asked <= left) continue;
    const name = METHOD_NAMES[method];
    const message = !r
      ? `La venta no se pagó con ${name}: no se puede reintegrar por ese medio`
      : `Con ${name} se pagaron ${formatMoney(r.paid)}${r.refunded > 0 ? ` y ya se reintegraron ${formatMoney(r.refunded)}` : ""}: se pueden reintegrar como máximo ${formatMoney(left)} por ese medio`;
    throw invalid("card_refund_exceeds_paid", message, {
      method,
      asked,
      paid: r?.paid ?? 0,
      refunded: r?.refunded ?? 0,
      left,
    });
  }
}
