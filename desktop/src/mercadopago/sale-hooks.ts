import type { Return, Sale } from "@mostrador/contracts/http/sales";
import { formatMoney } from "@mostrador/contracts/money";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import type { SaleHooks } from "../pos/sale-hooks.js";

interface ChargeForSale {
  id: string;
  status: string;
  amount: number;
  saleId: string | null;
  saleRef: string;
}

const CHARGE = `SELECT id, status, amount, sale_id AS saleId, sale_ref AS saleRef FROM mercadopago_charges WHERE id = ?`;

/**
 * A "mercadopago" payment is recorded only against a charge MP confirmed: its reference is the charge's
 * id, the charge is "processed" (re-read from MP or relayed by the cloud after its re-read), for exactly
 * that amount, and not already some sale's. Anything else throws, and the whole sale rolls back: a payment
 * the till could not confirm is never recorded as paid. Runs in the sale's own transaction.
 */
function attachCharges(ctx: Ctx, principal: Principal, sale: Sale): void {
  for (const payment of sale.payments) {
    if (payment.method !== "mercadopago") continue;
    const charge = payment.reference
      ? (stmt(ctx.db, CHARGE).get(payment.reference) as ChargeForSale | undefined)
      : undefined;
    if (!charge)
      throw new DomainError(
        "invalid",
        "mercadopago_charge_required",
        "Un pago con Mercado Pago se registra solo con el cobro que Mercado Pago confirmó",
      );
    if (charge.status !== "processed")
      throw new DomainError(
        "conflict",
        "mercadopago_not_confirmed",
        "Mercado Pago todavía no confirmó este pago: no se puede registrar como pagado",
      );
    if (charge.saleId !== null)
      throw new DomainError(
        "conflict",
        "mercadopago_charge_used",
        "Ese pago de Mercado Pago ya es de otra venta",
      );
    if (charge.amount !== payment.amount)
      throw new DomainError(
        "invalid",
        "mercadopago_amount_mismatch",
        `El pago de Mercado Pago fue de ${formatMoney(charge.amount)}, no de ${formatMoney(payment.amount)}`,
      );
    stmt(ctx.db, "UPDATE mercadopago_charges SET sale_id = ?, updated_at = ? WHERE id = ?").run(
      sale.id,
      isoNow(ctx),
      charge.id,
    );
    // A payment confirmed for one sale (the cashier gave up) and attached to another is on the record.
    if (charge.saleRef !== sale.id)
      recordAudit(ctx.db, {
        at: isoNow(ctx),
        staffId: principal.staffId,
        terminalId: principal.terminalId,
        action: "mercadopago.attach",
        entity: "sale",
        entityId: sale.id,
        details: { chargeId: charge.id, amount: charge.amount },
      });
  }
}

/**
 * A return refunds "mercadopago" only after the money went back at MP: its reference is a charge of the
 * returned sale that MP shows refunded, and the returns never give back more than it paid.
 */
function checkRefunds(ctx: Ctx, _principal: Principal, saleReturn: Return, sale: Sale): void {
  for (const refund of saleReturn.refunds) {
    if (refund.method !== "mercadopago") continue;
    const charge = refund.reference
      ? (stmt(ctx.db, CHARGE).get(refund.reference) as ChargeForSale | undefined)
      : undefined;
    if (!charge || charge.saleId !== sale.id)
      throw new DomainError(
        "invalid",
        "mercadopago_refund_charge_required",
        "Para devolver por Mercado Pago, elegí el pago de Mercado Pago de esta venta",
      );
    if (charge.status !== "refunded")
      throw new DomainError(
        "conflict",
        "mercadopago_not_refunded",
        "Primero devolvé el pago en Mercado Pago (botón «Devolver en Mercado Pago»); después registrá la devolución",
      );
    const given = stmt(
      ctx.db,
      `SELECT COALESCE(SUM(amount), 0) AS total FROM return_refunds WHERE method = 'mercadopago' AND reference = ?`,
    ).get(charge.id) as { total: number };
    if (given.total > charge.amount)
      throw new DomainError(
        "invalid",
        "mercadopago_refund_exceeds",
        `Por Mercado Pago se devuelve como máximo ${formatMoney(charge.amount)} de este pago`,
      );
  }
}

/** A sale paid through Mercado Pago is voided only once the money went back at MP. */
function checkVoid(ctx: Ctx, _principal: Principal, sale: Sale): void {
  const unrefunded = stmt(
    ctx.db,
    "SELECT COUNT(*) AS n FROM mercadopago_charges WHERE sale_id = ? AND status <> 'refunded'",
  ).get(sale.id) as { n: number };
  if (unrefunded.n > 0)
    throw new DomainError(
      "conflict",
      "mercadopago_refund_first",
      "La venta se cobró con Mercado Pago: devolvé el pago en Mercado Pago antes de anularla",
    );
}

export const mercadoPagoSaleHooks: SaleHooks = {
  saleWritten: attachCharges,
  returnWritten: checkRefunds,
  saleVoided: checkVoid,
};
