import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

/**
 * Sale and return numbers run per terminal (punto de venta), so two tills selling offline never clash.
 * The counter is bumped inside the caller's transaction: a rolled-back sale gives its number back,
 * and a committed one can never share it (UNIQUE (terminal_id, number) backs this up).
 */
export function allocateSaleNumber(db: Db, terminalId: string): number {
  const row = stmt(
    db,
    "UPDATE terminals SET next_sale_number = next_sale_number + 1 WHERE id = ? RETURNING next_sale_number - 1 AS number",
  ).get(terminalId) as { number: number } | undefined;
  if (!row) throw new Error(`terminal ${terminalId} vanished inside the sale transaction`);
  return row.number;
}

export function allocateReturnNumber(db: Db, terminalId: string): number {
  const row = stmt(
    db,
    "UPDATE terminals SET next_return_number = next_return_number + 1 WHERE id = ? RETURNING next_return_number - 1 AS number",
  ).get(terminalId) as { number: number } | undefined;
  if (!row) throw new Error(`terminal ${terminalId} vanished inside the return transaction`);
  return row.number;
}

/** "0001-00000042": punto de venta (4 digits) and number (8 digits), as Argentine tickets print it. */
export function displayNumber(terminalCode: number, number: number): string {
  return `${String(terminalCode).padStart(4, "0")}-${String(number).padStart(8, "0")}`;
}
