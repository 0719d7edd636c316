import type {
  BlockInput,
  CardOperation,
  CardTransfer,
  CashOutInput,
  TransferInput,
  VoidTopUpInput,
} from "@mostrador/contracts/http/cards";
import { formatMoney } from "@mostrador/contracts/money";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { authorize } from "../pos/authorize.js";
import { cardName, cardView, enqueueCard, requireActive, requireCard } from "./cards.js";
import { insertCard, printedNumber, requireFreeUid } from "./issue.js";
import { requireFreePrintedNumber } from "./printed-number.js";
import { appendCardEntry, cardBalance, readEntry } from "./ledger.js";
import { moneyPlace, replayed, runCardOperation } from "./operation.js";
import { operationAnswer } from "./requests.js";
import { normaliseUid } from "./uid.js";

const NOTE_MAX = 200;

function note(value: unknown, what: string, required: boolean): string | null {
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "" && !required && value == null) return null;
  if (text === "" || text.length > NOTE_MAX) {
    throw new DomainError(
      "invalid",
      "invalid_reason",
      `${what}: escribí el motivo (hasta ${NOTE_MAX} caracteres)`,
    );
  }
  return text;
}

/** The manager who allows a card action: the principal, or the one whose PIN came with the request. */
function manager(
  ctx: Ctx,
  principal: Principal,
  approval: CashOutInput["approval"],
  message: string,
): string {
  return authorize(ctx, principal, "cards.manage", approval, { message }) ?? principal.staffId;
}

const touch = (ctx: Ctx, cardId: string, set: string, ...args: unknown[]) =>
  stmt(ctx.db, `UPDATE cards SET ${set}, updated_at = ? WHERE id = ?`).run(...args, isoNow(ctx), cardId);

/**
 * Gives the holder the card's whole remaining balance in cash, and the deposit when the shop's card says
 * it is refundable and it was not given back yet (a manager; audited). The cash leaves this terminal's drawer.
 */
export function cashOutCard(
  ctx: Ctx,
  principal: Principal,
  cardId: string,
  input: CashOutInput,
): { answer: CardOperation; created: boolean } {
  const done = replayed<CardOperation>(ctx, input?.requestId, "cashout");
  if (done) return done;
  requireCard(ctx, cardId);
  const approvedBy = manager(
    ctx,
    principal,
    input?.approval,
    "Devolver el saldo de una tarjeta necesita un encargado",
  );
  const place = moneyPlace(ctx, principal);
  return runCardOperation(
    ctx,
    input?.requestId,
    "cashout",
    (id) => {
      const card = requireCard(ctx, cardId);
      requireActive(card, "devolver el saldo");
      const balance = cardBalance(ctx, cardId);
      const deposit = card.depositRefundable === 1 && card.depositReturnedAt === null ? card.deposit : 0;
      if (balance === 0 && deposit === 0) {
        throw new DomainError(
          "conflict",
          "nothing_to_cash_out",
          `La tarjeta ${cardName(card)} no tiene saldo ni depósito para devolver`,
        );
      }
      const entry =
        balance > 0
          ? appendCardEntry(ctx, {
              cardId,
              kind: "cashout",
              amount: -balance,
              method: "cash",
              requestId: id,
              ...place,
              staffId: principal.staffId,
            })
          : null;
      if (deposit > 0) {
        touch(
          ctx,
          cardId,
          "deposit_returned_at = ?, deposit_returned_session_id = ?",
          isoNow(ctx),
          place.cashSessionId,
        );
        enqueueCard(ctx, cardId, "updated");
      }
      recordAudit(ctx.db, {
        at: isoNow(ctx),
        staffId: approvedBy,
        terminalId: place.terminalId,
        action: "card.cashout",
        entity: "card",
        entityId: cardId,
        details: { balance, deposit, cashierId: principal.staffId },
      });
      return {
        op: "cashout",
        cardId,
        otherCardId: null,
        entryId: entry?.id ?? null,
        cash: -(balance + deposit),
      };
    },
    (row) => operationAnswer(ctx, row),
  );
}

/** Blocks a card (lost, stolen, misused): nothing can be charged to it or loaded on it. A cashier may. */
export function blockCard(
  ctx: Ctx,
  principal: Principal,
  cardId: string,
  input: BlockInput,
): { answer: CardOperation; created: boolean } {
  const done = replayed<CardOperation>(ctx, input?.requestId, "block");
  if (done) return done;
  requireCard(ctx, cardId);
  const reason = note(input?.reason, "Bloqueo", false);
  return runCardOperation(
    ctx,
    input?.requestId,
    "block",
    () => {
      const card = requireCard(ctx, cardId);
      if (card.status === "blocked") {
        throw new DomainError("conflict", "card_blocked", `La tarjeta ${cardName(card)} ya está bloqueada`);
      }
      requireActive(card, "bloquear");
      touch(ctx, cardId, "status = 'blocked', blocked_reason = ?", reason);
      enqueueCard(ctx, cardId, "updated");
      recordAudit(ctx.db, {
        at: isoNow(ctx),
        staffId: principal.staffId,
        terminalId: principal.terminalId,
        action: "card.blocked",
        entity: "card",
        entityId: cardId,
        details: { reason },
      });
      return { op: "block", cardId, otherCardId: null, entryId: null, cash: 0 };
    },
    (row) => operationAnswer(ctx, row),
  );
}

/** Unblocks a card (a manager: the card was found). */
export function unblockCard(
  ctx: Ctx,
  principal: Principal,
  cardId: string,
  input: BlockInput,
): { answer: CardOperation; created: boolean } {
  const done = replayed<CardOperation>(ctx, input?.requestId, "unblock");
  if (done) return done;
  requireCard(ctx, cardId);
  const approvedBy = manager(
    ctx,
    principal,
    input?.approval,
    "Desbloquear una tarjeta necesita un encargado",
  );
  return runCardOperation(
    ctx,
    input?.requestId,
    "unblock",
    () => {
      const card = requireCard(ctx, cardId);
      if (card.status !== "blocked") {
        throw new DomainError(
          "conflict",
          "card_not_blocked",
          `La tarjeta ${cardName(card)} no está bloqueada`,
        );
      }
      touch(ctx, cardId, "status = 'active', blocked_reason = NULL");
      enqueueCard(ctx, cardId, "updated");
      recordAudit(ctx.db, {
        at: isoNow(ctx),
        staffId: approvedBy,
        terminalId: principal.terminalId,
        action: "card.unblocked",
        entity: "card",
        entityId: cardId,
        details: { cashierId: principal.staffId },
      });
      return { op: "unblock", cardId, otherCardId: null, entryId: null, cash: 0 };
    },
    (row) => operationAnswer(ctx, row),
  );
}

/**
 * Moves the balance of a lost or broken card (active or blocked) to a new card, which takes its holder
 * and its deposit (no new deposit is charged); the old card becomes 'replaced' and no longer answers to
 * its UID. A manager; audited.
 */
export function transferCard(
  ctx: Ctx,
  principal: Principal,
  cardId: string,
  input: TransferInput,
): { answer: CardTransfer; created: boolean } {
  const done = replayed<CardTransfer>(ctx, input?.requestId, "transfer");
  if (done) return done;
  requireCard(ctx, cardId);
  const newUid = normaliseUid(input?.newUid);
  const printed = printedNumber(input?.printedNumber);
  const approvedBy = manager(
    ctx,
    principal,
    input?.approval,
    "Pasar el saldo a otra tarjeta necesita un encargado",
  );
  return runCardOperation(
    ctx,
    input?.requestId,
    "transfer",
    (id) => {
      const old = requireCard(ctx, cardId);
      if (old.status !== "blocked") requireActive(old, "pasar el saldo");
      requireFreeUid(ctx, newUid);
      if (printed !== null) requireFreePrintedNumber(ctx, printed, old.id);
      const newId = insertCard(ctx, {
        uid: newUid,
        printedNumber: printed,
        customerId: old.customerId,
        deposit: old.deposit,
        depositRefundable: old.depositRefundable === 1,
        depositMethod: null,
        replaces: old.id,
        expiresAt: (
          stmt(ctx.db, "SELECT expires_at AS e FROM cards WHERE id = ?").get(old.id) as { e: string | null }
        ).e,
        cashSessionId: null,
        terminalId: principal.terminalId,
        staffId: principal.staffId,
      });
      if (old.depositReturnedAt) {
        touch(ctx, newId, "deposit_returned_at = ?", old.depositReturnedAt);
        enqueueCard(ctx, newId, "updated");
      }
      touch(ctx, old.id, "status = 'replaced', replaced_by = ?", newId);
      enqueueCard(ctx, old.id, "updated");
      const balance = cardBalance(ctx, old.id);
      let inId: string | null = null;
      if (balance > 0) {
        const out = appendCardEntry(ctx, {
          cardId: old.id,
          kind: "transfer_out",
          amount: -balance,
          requestId: id,
          terminalId: principal.terminalId,
          staffId: principal.staffId,
        });
        inId = appendCardEntry(ctx, {
          cardId: newId,
          kind: "transfer_in",
          amount: balance,
          relatedEntryId: out.id,
          terminalId: principal.terminalId,
          staffId: principal.staffId,
        }).id;
      }
      recordAudit(ctx.db, {
        at: isoNow(ctx),
        staffId: approvedBy,
        terminalId: principal.terminalId,
        action: "card.transferred",
        entity: "card",
        entityId: old.id,
        details: { to: newId, balance, cashierId: principal.staffId },
      });
      return { op: "transfer", cardId: old.id, otherCardId: newId, entryId: inId, cash: 0 };
    },
    (row) => transferAnswer(ctx, row.cardId, row.otherCardId, row.entryId),
  );
}

function transferAnswer(ctx: Ctx, from: string, to: string | null, entryId: string | null): CardTransfer {
  return {
    from: cardView(ctx, requireCard(ctx, from)),
    to: cardView(ctx, requireCard(ctx, to)),
    entry: entryId ? (readEntry(ctx, entryId) ?? null) : null,
  };
}

/**
 * A manager takes back a mistaken top-up (audited): its amount leaves the card, by the method it came in
 * (cash leaves this terminal's drawer). Refused once any of it was spent (the balance would go below zero),
 * and a top-up is voided once.
 */
export function voidTopUp(
  ctx: Ctx,
  principal: Principal,
  entryId: string,
  input: VoidTopUpInput,
): { answer: CardOperation; created: boolean } {
  const done = replayed<CardOperation>(ctx, input?.requestId, "void_topup");
  if (done) return done;
  const topup = readEntry(ctx, entryId);
  if (!topup || topup.kind !== "topup") {
    throw new DomainError("not_found", "topup_not_found", "No existe esa carga de tarjeta");
  }
  const reason = note(input?.reason, "Anulación de carga", true);
  const approvedBy = manager(
    ctx,
    principal,
    input?.approval,
    "Anular una carga de tarjeta necesita un encargado",
  );
  const place = moneyPlace(ctx, principal);
  return runCardOperation(
    ctx,
    input?.requestId,
    "void_topup",
    (id) => {
      const already = stmt(
        ctx.db,
        "SELECT 1 FROM card_entries WHERE related_entry_id = ? AND kind = 'void_topup'",
      ).get(entryId);
      if (already) {
        throw new DomainError("conflict", "topup_already_voided", "Esa carga ya fue anulada");
      }
      const card = requireCard(ctx, topup.cardId);
      requireActive(card, "anular la carga");
      const balance = cardBalance(ctx, card.id);
      if (balance < topup.amount) {
        throw new DomainError(
          "conflict",
          "insufficient_balance",
          `No se puede anular la carga de ${formatMoney(topup.amount)}: a la tarjeta le quedan ${formatMoney(balance)}`,
          { balance, asked: topup.amount },
        );
      }
      const entry = appendCardEntry(ctx, {
        cardId: card.id,
        kind: "void_topup",
        amount: -topup.amount,
        method: topup.method,
        relatedEntryId: topup.id,
        requestId: id,
        ...place,
        staffId: principal.staffId,
        note: reason,
      });
      recordAudit(ctx.db, {
        at: isoNow(ctx),
        staffId: approvedBy,
        terminalId: place.terminalId,
        action: "card.topup_voided",
        entity: "card_entry",
        entityId: topup.id,
        details: {
          cardId: card.id,
          amount: topup.amount,
          method: topup.method,
          reason,
          cashierId: principal.staffId,
        },
      });
      return {
        op: "void_topup",
        cardId: card.id,
        otherCardId: null,
        entryId: entry.id,
        cash: topup.method === "cash" ? -topup.amount : 0,
      };
    },
    (row) => operationAnswer(ctx, row),
  );
}
