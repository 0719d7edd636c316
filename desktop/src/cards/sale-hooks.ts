import type { Return, Sale } from "@mostrador/contracts/http/sales";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import type { SaleExtras, SaleHooks } from "../pos/sale-hooks.js";
import { type CardRow, cardName, findCard, requireActive, requireCard } from "./cards.js";
import { appendCardEntry } from "./ledger.js";

const paidWith = (payments: readonly { method: string; amount: number }[], method: string) =>
  payments.filter((p) => p.method === method).reduce((s, p) => s + p.amount, 0);

/**
 * A sale paid (alone or mixed) with "card" charges the sale's card, in the sale's IMMEDIATE transaction:
 * the write lock is held, so two terminals charging the same card at once are checked one after the
 * other against the ledger as it is, and a charge the balance cannot cover rolls the whole sale back.
 */
function chargeSale(
  ctx: Ctx,
  principal: Principal,
  sale: Sale,
  _customerId: string | null,
  extras: SaleExtras,
): void {
  const amount = paidWith(sale.payments, "card");
  if (amount === 0) return;
  if (!extras.cardId) {
    throw new DomainError(
      "invalid",
      "card_required",
      "Para cobrar con tarjeta prepaga, pasá la tarjeta por el lector",
    );
  }
  const card = requireCard(ctx, extras.cardId);
  requireActive(card, "cobrar");
  appendCardEntry(ctx, {
    cardId: card.id,
    kind: "charge",
    amount: -amount,
    saleId: sale.id,
    cashSessionId: sale.cashSessionId,
    terminalId: sale.terminalId,
    staffId: principal.staffId,
  });
}

const CHARGED = `SELECT card_id AS cardId, COALESCE(-SUM(amount), 0) AS net
                   FROM card_entries WHERE sale_id = ? AND kind IN ('charge', 'refund') GROUP BY card_id`;

/** The card a refund goes to: the one the sale charged, or the card that replaced it (a lost card's balance moved). */
function refundCard(ctx: Ctx, cardId: string): CardRow {
  let card = requireCard(ctx, cardId);
  for (let hops = 0; card.status === "replaced" && card.replacedBy && hops < 100; hops++) {
    card = findCard(ctx, card.replacedBy) ?? card;
  }
  if (card.status === "expired") requireActive(card, "devolver a la tarjeta");
  return card;
}

/** A return refunded to "card" credits the card the sale charged, at most what is left of that charge. */
function creditReturn(ctx: Ctx, principal: Principal, saleReturn: Return, sale: Sale): void {
  const amount = paidWith(saleReturn.refunds, "card");
  if (amount === 0) return;
  const charged = stmt(ctx.db, CHARGED).get(sale.id) as { cardId: string; net: number } | undefined;
  if (!charged) {
    throw new DomainError("conflict", "sale_not_on_card", "La venta no se cobró con tarjeta prepaga");
  }
  if (amount > charged.net) {
    throw new DomainError(
      "invalid",
      "refund_exceeds_card_charge",
      "A la tarjeta se devuelve como máximo lo que se le cobró en esta venta",
      { charged: charged.net },
    );
  }
  const card = refundCard(ctx, charged.cardId);
  appendCardEntry(ctx, {
    cardId: card.id,
    kind: "refund",
    amount,
    saleId: sale.id,
    returnId: saleReturn.id,
    cashSessionId: saleReturn.cashSessionId,
    terminalId: saleReturn.terminalId,
    staffId: principal.staffId,
    note:
      card.id === charged.cardId
        ? null
        : `Devolución de una venta cobrada a ${cardName(requireCard(ctx, charged.cardId))}`,
  });
}

/** A voided sale gives its card back what it still holds of the charge (a sale with returns cannot be voided). */
function creditVoid(ctx: Ctx, principal: Principal, sale: Sale): void {
  const charged = stmt(ctx.db, CHARGED).get(sale.id) as { cardId: string; net: number } | undefined;
  if (!charged || charged.net <= 0) return;
  const card = refundCard(ctx, charged.cardId);
  appendCardEntry(ctx, {
    cardId: card.id,
    kind: "refund",
    amount: charged.net,
    saleId: sale.id,
    terminalId: sale.terminalId,
    staffId: principal.staffId,
    note: "Venta anulada",
  });
}

export const cardSaleHooks: SaleHooks = {
  saleWritten: chargeSale,
  returnWritten: creditReturn,
  saleVoided: creditVoid,
};
