import type { CardOperation, TopUpInput } from "@mostrador/contracts/http/cards";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { requireActive, requireCard } from "./cards.js";
import { cardMoneyMethod, positiveAmount, reference } from "./issue.js";
import { appendCardEntry } from "./ledger.js";
import { moneyPlace, runCardOperation } from "./operation.js";
import { operationAnswer } from "./requests.js";

/**
 * Loads money onto a card (a cashier may). Not a sale: a deposit of the holder's money, no IVA, no ticket
 * number; the Z report shows top-ups apart by method. Cash goes into this terminal's drawer.
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
  const amount = positiveAmount(input.amount, "Carga de tarjeta");
  const method = cardMoneyMethod(input.method);
  const ref = reference(input.reference);
  requireCard(ctx, cardId);
  const place = moneyPlace(ctx, principal);
  const { row, created } = runCardOperation(ctx, input.requestId, "topup", (id) => {
    const card = requireCard(ctx, cardId);
    requireActive(card, "cargar saldo");
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
    return {
      op: "topup",
      cardId,
      otherCardId: null,
      entryId: entry.id,
      cash: method === "cash" ? amount : 0,
    };
  });
  return { answer: operationAnswer(ctx, row), created };
}
