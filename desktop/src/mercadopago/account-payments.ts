import { formatMoney } from "@mostrador/contracts/money";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";

interface ChargeForAccount {
  status: string;
  amount: number;
  used: number;
}

const CHARGE = `SELECT status, amount,
                       (sale_id IS NOT NULL OR card_entry_id IS NOT NULL OR account_entry_id IS NOT NULL) AS used
                  FROM mercadopago_charges WHERE id = ?`;

/**
 * Checks, inside the account payment's own IMMEDIATE transaction, that a "mercadopago" payment names a
 * charge MP confirmed ("processed"), of exactly that amount, that no sale, top-up or other account payment
 * used. Anything else throws and the payment rolls back: money MP did not confirm never pays a debt.
 */
export function requireChargeForAccountPayment(ctx: Ctx, chargeId: string | null, amount: number): void {
  const charge = chargeId ? (stmt(ctx.db, CHARGE).get(chargeId) as ChargeForAccount | undefined) : undefined;
  if (!charge)
    throw new DomainError(
      "invalid",
      "mercadopago_charge_required",
      "Un pago de cuenta con Mercado Pago se registra solo con el cobro que Mercado Pago confirmó",
    );
  if (charge.status !== "processed")
    throw new DomainError(
      "conflict",
      "mercadopago_not_confirmed",
      "Mercado Pago todavía no confirmó este pago: no se puede registrar en la cuenta",
    );
  if (charge.used)
    throw new DomainError(
      "conflict",
      "mercadopago_charge_used",
      "Ese pago de Mercado Pago ya se usó en una venta, una carga de tarjeta u otro pago de cuenta",
    );
  if (charge.amount !== amount)
    throw new DomainError(
      "invalid",
      "mercadopago_amount_mismatch",
      `El pago de Mercado Pago fue de ${formatMoney(charge.amount)}, no de ${formatMoney(amount)}`,
    );
}

/** Marks the charge as the account payment's (same transaction, after the check and the entry). */
export function markChargeUsedByAccountPayment(ctx: Ctx, chargeId: string, entryId: string): void {
  stmt(ctx.db, "UPDATE mercadopago_charges SET account_entry_id = ?, updated_at = ? WHERE id = ?").run(
    entryId,
    isoNow(ctx),
    chargeId,
  );
}
