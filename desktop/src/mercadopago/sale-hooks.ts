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
  cardEntryId: string | null;
  accountEntryId: string | null;
}

const CHARGE = `SELECT id, status, amount, sale_id AS saleId, sale_ref AS saleRef, card_entry_id AS cardEntryId,
       account_entry_id AS accountEntryId
  FROM mercadopago_charges WHERE id = ?`;

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
    // A charge that loaded a prepaid card (card-topups.ts) is the card holder's money, not this sale's.
    if (charge.cardEntryId !== null)
      throw new DomainError(
        "conflict",
        "mercadopago_charge_used",
        "Ese pago de Mercado Pago ya cargó una tarjeta prepaga",
      );
    // A charge that paid a customer's account (account-payments.ts) paid that debt, not this sale.
    if (charge.accountEntryId !== null)
      throw new DomainError(
        "conflict",
        "mercadopago_charge_used",
        "Ese pago de Mercado Pago ya pagó una cuenta corriente",
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
 * A return refunds "mercadopago" only what MP already gave back for the returned sale: its reference is
 * the sale's charge (or none, when the sale has one), and the returns' "mercadopago" refunds of that charge
 * never add up to more than MP refunded (refund first: POST /api/mercadopago/sales/:id/refund).
 */
function checkRefunds(ctx: Ctx, _principal: Principal, saleReturn: Return, sale: Sale): void {
  for (const refund of saleReturn.refunds) {
    if (refund.method !== "mercadopago") continue;
    const ofSale = stmt(
      ctx.db,
      "SELECT id, amount, refunded_amount AS refunded FROM mercadopago_charges WHERE sale_id = ?",
    ).all(sale.id) as { id: string; amount: number; refunded: number }[];
    const charge = refund.reference
      ? ofSale.find((c) => c.id === refund.reference)
      : ofSale.length === 1
        ? ofSale[0]
        : undefined;
    if (!charge)
      throw new DomainError(
        "invalid",
        "mercadopago_refund_charge_required",
        "Para devolver por Mercado Pago, elegí el pago de Mercado Pago de esta venta",
      );
    const given = stmt(
      ctx.db,
      `SELECT COALESCE(SUM(rr.amount), 0) AS total FROM return_refunds rr JOIN returns r ON r.id = rr.return_id
        WHERE rr.method = 'mercadopago' AND r.sale_id = ? AND (rr.reference = ? OR rr.reference IS NULL)`,
    ).get(sale.id, charge.id) as { total: number };
    if (given.total > charge.refunded)
      throw new DomainError(
        "conflict",
        "mercadopago_not_refunded",
        `Primero devolvé el dinero en Mercado Pago («Devolver en Mercado Pago»): Mercado Pago devolvió ${formatMoney(charge.refunded)} de esta venta`,
        { refunded: charge.refunded },
      );
  }
}

/** A sale paid through Mercado Pago is voided only once the money went back at MP. */
function checkVoid(ctx: Ctx, _principal: Principal, sale: Sale): void {
  const unrefunded = stmt(
    ctx.db,
    "SELECT COUNT(*) AS n FROM mercadopago_charges WHERE sale_id = ? AND refunded_amount < amount",
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
