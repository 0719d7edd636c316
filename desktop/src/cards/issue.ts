import {
  CARD_MONEY_METHODS,
  type CardMoneyMethod,
  type CardOperation,
  type IssueCardInput,
} from "@mostrador/contracts/http/cards";
import { formatMoney, isAmount, MAX_AMOUNT } from "@mostrador/contracts/money";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { cardName, enqueueCard, findCardByUid } from "./cards.js";
import { appendCardEntry } from "./ledger.js";
import { moneyPlace, placeIfOpen, replayed, runCardOperation } from "./operation.js";
import { printedNumber, requireFreePrintedNumber } from "./printed-number.js";
import { operationAnswer } from "./requests.js";
import { getCardSettings } from "./settings.js";
import { normaliseUid } from "./uid.js";

export { PRINTED_NUMBER_MAX, printedNumber } from "./printed-number.js";

const invalid = (code: string, message: string) => new DomainError("invalid", code, message);

/** A money method for a card (top-up, deposit), or a clear refusal. */
export function cardMoneyMethod(value: unknown): CardMoneyMethod {
  if (!(CARD_MONEY_METHODS as readonly unknown[]).includes(value)) {
    throw invalid(
      "invalid_card_method",
      "Una tarjeta se carga en efectivo, con débito, con crédito o por transferencia",
    );
  }
  return value as CardMoneyMethod;
}

/** A positive amount of centavos, or a clear refusal naming what it is for. */
export function positiveAmount(value: unknown, what: string): number {
  if (!isAmount(value) || value === 0) {
    throw invalid(
      "invalid_amount",
      `${what}: el importe debe ser mayor que ${formatMoney(0)} y no superar ${formatMoney(MAX_AMOUNT)}`,
    );
  }
  return value;
}

export function reference(value: unknown): string | null {
  if (value == null) return null;
  const text = typeof value === "string" ? value.trim() : "";
  if (text.length > 80) throw invalid("invalid_reference", "La referencia es demasiado larga (hasta 80)");
  return text || null;
}

/** Refuses a UID that already names a live card. */
export function requireFreeUid(ctx: Ctx, uid: string): void {
  const taken = findCardByUid(ctx, uid);
  if (taken) {
    throw new DomainError(
      "conflict",
      "card_uid_taken",
      `La tarjeta ${cardName(taken)} ya está emitida: buscala para cargarla`,
      { cardId: taken.id },
    );
  }
}

const INSERT = `INSERT INTO cards (id, uid, printed_number, customer_id, status, deposit, deposit_refundable,
                  deposit_method, replaces, expires_at, cash_session_id, terminal_id, staff_id, issued_at, updated_at)
                VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export interface NewCard {
  uid: string;
  printedNumber: string | null;
  customerId: string | null;
  deposit: number;
  depositRefundable: boolean;
  depositMethod: string | null;
  replaces: string | null;
  expiresAt: string | null;
  cashSessionId: string | null;
  terminalId: string | null;
  staffId: string;
}

/** Inserts a card and its card/created op, in the caller's transaction. */
export function insertCard(ctx: Ctx, c: NewCard): string {
  const id = newId();
  const at = isoNow(ctx);
  stmt(ctx.db, INSERT).run(
    id,
    c.uid,
    c.printedNumber,
    c.customerId,
    c.deposit,
    c.depositRefundable ? 1 : 0,
    c.depositMethod,
    c.replaces,
    c.expiresAt,
    c.cashSessionId,
    c.terminalId,
    c.staffId,
    at,
    at,
  );
  enqueueCard(ctx, id, "created");
  return id;
}

/**
 * Issues a card to its holder (anonymous, or a customer): the shop's deposit is charged, and an optional
 * first top-up loaded, in one operation paid by one method. Money goes through this terminal's open cash
 * session (cash into its drawer).
 */
export function issueCard(
  ctx: Ctx,
  principal: Principal,
  input: IssueCardInput,
): { answer: CardOperation; created: boolean } {
  if (input === null || typeof input !== "object") throw invalid("invalid_card", "La tarjeta no es válida");
  const done = replayed<CardOperation>(ctx, input.requestId, "issue");
  if (done) return done;
  const uid = normaliseUid(input.uid);
  const printed = printedNumber(input.printedNumber);
  const topup = input.topup == null ? 0 : positiveAmount(input.topup, "Carga inicial");
  const customerId = input.customerId ?? null;
  if (customerId !== null) {
    const found = stmt(ctx.db, "SELECT 1 FROM customers WHERE id = ?").get(customerId);
    if (!found) throw new DomainError("not_found", "customer_not_found", "No existe ese cliente");
  }
  const settings = getCardSettings(ctx);
  const paid = settings.deposit + topup;
  const method = paid > 0 ? cardMoneyMethod(input.method) : null;
  const ref = reference(input.reference);
  const place = paid > 0 ? moneyPlace(ctx, principal) : placeIfOpen(ctx, principal);

  return runCardOperation(
    ctx,
    input.requestId,
    "issue",
    (id) => {
      requireFreeUid(ctx, uid);
      if (printed !== null) requireFreePrintedNumber(ctx, printed);
      const cardId = insertCard(ctx, {
        uid,
        printedNumber: printed,
        customerId,
        deposit: settings.deposit,
        depositRefundable: settings.depositRefundable,
        depositMethod: settings.deposit > 0 ? method : null,
        replaces: null,
        expiresAt: settings.expiresAt,
        cashSessionId: place.cashSessionId,
        terminalId: place.terminalId,
        staffId: principal.staffId,
      });
      const entry =
        topup > 0
          ? appendCardEntry(ctx, {
              cardId,
              kind: "topup",
              amount: topup,
              method,
              reference: ref,
              requestId: id,
              cashSessionId: place.cashSessionId,
              terminalId: place.terminalId,
              staffId: principal.staffId,
            })
          : null;
      return {
        op: "issue",
        cardId,
        otherCardId: null,
        entryId: entry?.id ?? null,
        cash: method === "cash" ? paid : 0,
      };
    },
    (row) => operationAnswer(ctx, row),
  );
}
