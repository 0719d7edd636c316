import type { CardOperation, CardTopUpMethod, TopUpInput } from "@mostrador/contracts/http/cards";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { markChargeUsedByTopUp, requireChargeForTopUp } from "../mercadopago/card-topups.js";
import { requireActive, requireCard } from "./cards.js";
import { cardMoneyMethod, positiveAmount, reference } from "./issue.js";
import { appendCardEntry } from "./ledger.js";
import { moneyPlace, replayed, runCardOperation } from "./operation.js";
import { operationAnswer } from "./requests.js";

/** How a top-up is paid: a card money method, or Mercado Pago (a confirmed charge, see below). */
function topUpMethod(value: unknown): CardTopUpMethod {
  return value === "mercadopago" ? value : cardMoneyMethod(value);
}

/**
 * Loads money onto a card (a cashier may). Not a sale: a deposit of the holder's money, no IVA, no ticket
 * number; the Z report shows top-ups apart by method. Cash goes into this terminal's drawer. A
 * "mercadopago" top-up names, as its reference, the charge MP confirmed for it; inside the IMMEDIATE
 * transaction the charge must be processed, of exactly this amount and unused, and it is marked as this
 * top-up's (a sale or another top-up can no longer use it).
 */
export function topUpCard(
  ctx: Ctx,
  principal: Principal,
  cardId: string,
  input: TopUpInput,
): { answer: CardOperation; created: boolean } {
  if (input === null || typeof input !== "object") {
    throw new DomainError("invalid", "invalid_topup", "La carga no es válida");
  }
  const done = replayed<CardOperation>(ctx, input.requestId, "topup");
  if (done) return done;
  const amount = positiveAmount(input.amount, "Carga de tarjeta");
  const method = topUpMethod(input.method);
  const ref = reference(input.reference);
  requireCard(ctx, cardId);
  const place = moneyPlace(ctx, principal);
  return runCardOperation(
    ctx,
    input.requestId,
    "topup",
    (id) => {
      const card = requireCard(ctx, cardId);
      requireActive(card, "cargar saldo");
      if (method === "mercadopago") requireChargeForTopUp(ctx, ref, amount);
      const entry = appendCardEntry(ctx, {
        cardId,
        kind: "topup",
        amount,
        method,
        reference: ref,
        requestId: id,
        ...place,
        staffId: principal.staffId,
      });
      if (method === "mercadopago" && ref) markChargeUsedByTopUp(ctx, ref, entry.id);
      return {
        op: "topup",
        cardId,
        otherCardId: null,
        entryId: entry.id,
        cash: method === "cash" ? amount : 0,
      };
    },
    (row) => operationAnswer(ctx, row),
  );
}
