import type { PaymentInput, PaymentMethod } from "@mostrador/contracts/http/sales";

/** Pure arithmetic of the payment dialog: what is paid, what is missing, the change. All centavos. */

export function paidOf(payments: readonly PaymentInput[]): number {
  return payments.reduce((sum, p) => sum + p.amount, 0);
}

export function remainingOf(total: number, payments: readonly PaymentInput[]): number {
  return Math.max(0, total - paidOf(payments));
}

/** Change (vuelto) owed: what cash payments tendered beyond what they cover. */
export function changeOf(payments: readonly PaymentInput[]): number {
  return payments.reduce(
    (sum, p) => sum + (p.method === "cash" && p.tendered !== undefined ? p.tendered - p.amount : 0),
    0,
  );
}

/**
 * Builds one payment from what the cashier typed. Cash covers at most what remains and the rest is change;
 * other methods must not exceed what remains (a card is charged exactly). Returns null when nothing is due.
 */
export function makePayment(
  method: PaymentMethod,
  remaining: number,
  input: { amount: number | null; tendered: number | null; reference: string },
): PaymentInput | "too_much" | null {
  if (remaining <= 0) return null;
  if (method === "cash") {
    const tendered = input.tendered ?? remaining;
    if (tendered <= 0) return null;
    return { method, amount: Math.min(tendered, remaining), tendered };
  }
  const amount = input.amount ?? remaining;
  if (amount <= 0) return null;
  if (amount > remaining) return "too_much";
  const reference = input.reference.trim();
  return { method, amount, ...(reference ? { reference } : {}) };
}

/** The sale may be confirmed only when the payments add up to the total exactly. */
export function canConfirm(total: number, payments: readonly PaymentInput[]): boolean {
  return paidOf(payments) === total && (payments.length > 0 || total === 0);
}
