import { formatMoney } from "@mostrador/contracts/money";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";

/** What each use of a charge (a card top-up, an account payment) tells the cashier when it is refused. */
export interface ChargeUseRefusals {
  /** No charge named, or none by that id. */
  required: string;
  /** MP has not confirmed it yet. */
  notConfirmed: string;
  /** A sale, a top-up or an account payment already used it. */
  used: string;
}

interface ChargeToUse {
  status: string;
  amount: number;
  used: number;
}

const CHARGE = `SELECT status, amount,
                       (sale_id IS NOT NULL OR card_entry_id IS NOT NULL OR account_entry_id IS NOT NULL) AS used
                  FROM mercadopago_charges WHERE id = ?`;

/**
 * Checks, inside the caller's own IMMEDIATE transaction, that a "mercadopago" top-up or account payment
 * names a charge MP confirmed ("processed"), of exactly that amount, that no sale, top-up or account
 * payment used. Anything else throws and the caller rolls back: money MP did not confirm never reaches a
 * card or pays a debt.
 */
export function requireUnusedConfirmedCharge(
  ctx: Ctx,
  chargeId: string | null,
  amount: number,
  refusals: ChargeUseRefusals,
): void {
  const charge = chargeId ? (stmt(ctx.db, CHARGE).get(chargeId) as ChargeToUse | undefined) : undefined;
  if (!charge) throw new DomainError("invalid", "mercadopago_charge_required", refusals.required);
  if (charge.status !== "processed")
    throw new DomainError("conflict", "mercadopago_not_confirmed", refusals.notConfirmed);
  if (charge.used) throw new DomainError("conflict", "mercadopago_charge_used", refusals.used);
  if (charge.amount !== amount)
    throw new DomainError(
      "invalid",
      "mercadopago_amount_mismatch",
      `El pago de Mercado Pago fue de ${formatMoney(charge.amount)}, no de ${formatMoney(amount)}`,
    );
}

/** Marks the charge as the entry's (same transaction, after the check and the entry). */
export function markChargeUsedBy(
  ctx: Ctx,
  chargeId: string,
  entry: { cardEntryId: string } | { accountEntryId: string },
): void {
  const [column, entryId] =
    "cardEntryId" in entry
      ? ["card_entry_id", entry.cardEntryId]
      : ["account_entry_id", entry.accountEntryId];
  stmt(ctx.db, `UPDATE mercadopago_charges SET ${column} = ?, updated_at = ? WHERE id = ?`).run(
    entryId,
    isoNow(ctx),
    chargeId,
  );
}
