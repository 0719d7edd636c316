import { mulDiv } from "../../../src/money/money.js";
import type { Sale, SaleLine } from "../api/types.js";

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
