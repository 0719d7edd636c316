import { formatMoney } from "@mostrador/contracts/money";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";

interface ChargeForTopUp {
  id: string;
  status: string;
  amount: number;
  saleId: string | null;
  cardEntryId: string | null;
  accountEntryId: string | null;
}

const CHARGE = `SELECT id, status, amount, sale_id AS saleId, card_entry_id AS cardEntryId,
       account_entry_id AS accountEntryId
  FROM mercadopago_charges WHERE id = ?`;

/**
 * Checks, inside the top-up's own IMMEDIATE transaction, that a "mercadopago" top-up names a charge MP
 * confirmed ("processed"), of exactly that amount, that no sale and no other top-up used. Anything else
 * throws and the top-up rolls back: money MP did not confirm never reaches a card.
 */
export function requireChargeForTopUp(ctx: Ctx, chargeId: string | null, amount: number): void {
  const charge = chargeId ? (stmt(ctx.db, CHARGE).get(chargeId) as ChargeForTopUp | undefined) : undefined;
  if (!charge)
    throw new DomainError(
      "invalid",
      "mercadopago_charge_required",
      "Una carga con Mercado Pago se registra solo con el cobro que Mercado Pago confirmó",
    );
  if (charge.status !== "processed")
    throw new DomainError(
      "conflict",
      "mercadopago_not_confirmed",
      "Mercado Pago todavía no confirmó este pago: no se puede cargar a la tarjeta",
    );
  if (charge.saleId !== null || charge.cardEntryId !== null || charge.accountEntryId !== null)
    throw new DomainError(
      "conflict",
      "mercadopago_charge_used",
      "Ese pago de Mercado Pago ya se usó en una venta, en otra carga o en un pago de cuenta",
    );
  if (charge.amount !== amount)
    throw new DomainError(
      "invalid",
      "mercadopago_amount_mismatch",
      `El pago de Mercado Pago fue de ${formatMoney(charge.amount)}, no de ${formatMoney(amount)}`,
    );
}

/** Marks the charge as the top-up's (same transaction, after requireChargeForTopUp and the entry). */
export function markChargeUsedByTopUp(ctx: Ctx, chargeId: string, entryId: string): void {
  stmt(ctx.db, "UPDATE mercadopago_charges SET card_entry_id = ?, updated_at = ? WHERE id = ?").run(
    entryId,
    isoNow(ctx),
    chargeId,
  );
}
