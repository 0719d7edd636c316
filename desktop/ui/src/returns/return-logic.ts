import { mulDiv } from "@mostrador/contracts/money";
import { proposeRefunds, refundableByMethod } from "@mostrador/contracts/pos/refunds";
import type { PaymentMethod, Sale, SaleLine, SaleSummary } from "@mostrador/contracts/http/sales";

/** What can still be returned of each sale line, and what a partial return of it refunds. */

/** Already returned of a line: the server's own count when the sale carries it, else summed from its returns. */
export function returnedOf(sale: Sale, line: SaleLine): number {
  if (typeof line.returnedQuantity === "number") return line.returnedQuantity;
  let returned = 0;
  for (const r of sale.returns ?? [])
    for (const l of r.lines ?? []) if (l.saleLineId === line.id) returned += l.quantity;
  return returned;
}

export function returnableOf(sale: Sale, line: SaleLine): number {
  return Math.max(0, line.quantity - returnedOf(sale, line));
}

/** The line's paid total (after its discounts) shared by quantity, rounded half away from zero; the server is authoritative. */
export function refundFor(line: SaleLine, quantity: number): number {
  if (quantity <= 0 || line.quantity <= 0) return 0;
  return quantity === line.quantity ? line.total : mulDiv(line.total, quantity, line.quantity);
}

/**
 * How the money of a return of `total` goes back unless the cashier changes it: the sale's own payment
 * methods in proportion to what each can still give back (pos/refunds.ts, the server's rules), so a sale
 * paid debit + cash is refunded debit + cash, never all by its first method.
 */
export function proposedRefunds(sale: Sale, total: number): { method: PaymentMethod; amount: number }[] {
  const refundable = refundableByMethod(
    sale.payments,
    (sale.returns ?? []).flatMap((r) => r.refunds ?? []),
  );
  const proposal = proposeRefunds(total, refundable);
  // Nothing to return yet: one row of the first method, empty, for the cashier to see the form.
  return proposal.length > 0 ? proposal : [{ method: refundable[0]?.method ?? "cash", amount: 0 }];
}

/** The sales list's sign of a return: none, part of the sale came back, or all of it. */
export function returnState(
  summary: Pick<SaleSummary, "total" | "returnedTotal">,
): "none" | "partial" | "full" {
  const returned = summary.returnedTotal ?? 0;
  if (returned <= 0) return "none";
  return returned >= summary.total ? "full" : "partial";
}
