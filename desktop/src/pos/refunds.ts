/**
 * Refunds of a return: a PURE module. Money goes back by one or more methods (cash from the drawer,
 * a card reversal, a transfer) and the refunds add up to the return total exactly, to the centavo.
 */
import { DomainError } from "../core/errors.js";
import { formatMoney } from "../money/format.js";
import { isAmount } from "../money/money.js";
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
  new DomainError("invalid", code, message, details);

export function checkRefunds(total: number, refunds: readonly RefundInput[]): CheckedRefund[] {
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
  return checked;
}
