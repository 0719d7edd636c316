import type { Ctx } from "@mostrador/kernel/core/context";
import { markChargeUsedBy, requireUnusedConfirmedCharge } from "./confirmed-charge.js";

/**
 * Checks, inside the top-up's own IMMEDIATE transaction, that a "mercadopago" top-up names a charge MP
 * confirmed, of exactly that amount, that nothing used (confirmed-charge.ts): money MP did not confirm
 * never reaches a card.
 */
export function requireChargeForTopUp(ctx: Ctx, chargeId: string | null, amount: number): void {
  requireUnusedConfirmedCharge(ctx, chargeId, amount, {
    required: "Una carga con Mercado Pago se registra solo con el cobro que Mercado Pago confirmó",
    notConfirmed: "Mercado Pago todavía no confirmó este pago: no se puede cargar a la tarjeta",
    used: "Ese pago de Mercado Pago ya se usó en una venta, en otra carga o en un pago de cuenta",
  });
}

/** Marks the charge as the top-up's (same transaction, after requireChargeForTopUp and the entry). */
export function markChargeUsedByTopUp(ctx: Ctx, chargeId: string, entryId: string): void {
  markChargeUsedBy(ctx, chargeId, { cardEntryId: entryId });
}
