import type { Ctx } from "@mostrador/kernel/core/context";
import { markChargeUsedBy, requireUnusedConfirmedCharge } from "./confirmed-charge.js";

/**
 * Checks, inside the account payment's own IMMEDIATE transaction, that a "mercadopago" payment names a
 * charge MP confirmed, of exactly that amount, that nothing used (confirmed-charge.ts): money MP did not
 * confirm never pays a debt.
 */
export function requireChargeForAccountPayment(ctx: Ctx, chargeId: string | null, amount: number): void {
  requireUnusedConfirmedCharge(ctx, chargeId, amount, {
    required: "Un pago de cuenta con Mercado Pago se registra solo con el cobro que Mercado Pago confirmó",
    notConfirmed: "Mercado Pago todavía no confirmó este pago: no se puede registrar en la cuenta",
    used: "Ese pago de Mercado Pago ya se usó en una venta, una carga de tarjeta u otro pago de cuenta",
  });
}

/** Marks the charge as the account payment's (same transaction, after the check and the entry). */
export function markChargeUsedByAccountPayment(ctx: Ctx, chargeId: string, entryId: string): void {
  markChargeUsedBy(ctx, chargeId, { accountEntryId: entryId });
}
