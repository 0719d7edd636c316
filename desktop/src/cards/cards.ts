import type { CardView } from "@mostrador/contracts/http/cards";
import type { CardStatus } from "@mostrador/contracts/http/cards";
import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { cardBalance } from "./ledger.js";
import { normaliseUid } from "./uid.js";

/** A card row as the domain reads it. */
export interface CardRow {
  id: string;
  uid: string;
  printedNumber: string | null;
  customerId: string | null;
  customerName: string | null;
  status: CardStatus;
  blockedReason: string | null;
  deposit: number;
  depositRefundable: number;
  depositReturnedAt: string | null;
  replaces: string | null;
  replacedBy: string | null;
  issuedAt: string;
  updatedAt: string;
}

const SELECT = `SELECT c.id, c.uid, c.printed_number AS printedNumber, c.customer_id AS customerId,
                       cu.name AS customerName, c.status, c.blocked_reason AS blockedReason, c.deposit,
                       c.deposit_refundable AS depositRefundable, c.deposit_returned_at AS depositReturnedAt,
                       c.replaces, c.replaced_by AS replacedBy, c.issued_at AS issuedAt, c.updated_at AS updatedAt
                  FROM cards c LEFT JOIN customers cu ON cu.id = c.customer_id`;

export function findCard(ctx: Ctx, id: string): CardRow | undefined {
  return stmt(ctx.db, `${SELECT} WHERE c.id = ?`).get(id) as CardRow | undefined;
}

/** The live card (not replaced) that answers to a UID, if any. */
export function findCardByUid(ctx: Ctx, uid: string): CardRow | undefined {
  return stmt(ctx.db, `${SELECT} WHERE c.uid = ? AND c.status <> 'replaced'`).get(uid) as CardRow | undefined;
}

export function requireCard(ctx: Ctx, id: unknown): CardRow {
  const card = typeof id === "string" ? findCard(ctx, id) : undefined;
  if (!card) throw new DomainError("not_found", "card_not_found", "No existe esa tarjeta");
  return card;
}

/** The card a reader's UID names, or a clear refusal (garbage, or a card this shop never issued). */
export function requireCardByUid(ctx: Ctx, rawUid: unknown): CardRow {
  const uid = normaliseUid(rawUid);
  const card = findCardByUid(ctx, uid);
  if (!card) {
    throw new DomainError("not_found", "card_not_found", `La tarjeta ${uid} no está emitida en este local`, {
      uid,
    });
  }
  return card;
}

export function cardView(ctx: Ctx, card: CardRow): CardView {
  return {
    id: card.id,
    uid: card.uid,
    printedNumber: card.printedNumber,
    status: card.status,
    balance: cardBalance(ctx, card.id),
    customer: card.customerId ? { id: card.customerId, name: card.customerName ?? "" } : null,
    deposit: card.deposit,
    depositRefundable: card.depositRefundable === 1,
    depositReturnedAt: card.depositReturnedAt,
    blockedReason: card.blockedReason,
    replaces: card.replaces,
    replacedBy: card.replacedBy,
    issuedAt: card.issuedAt,
    updatedAt: card.updatedAt,
  };
}

/** What a card's name is in a refusal: its printed number, or its UID. */
export const cardName = (card: Pick<CardRow, "uid" | "printedNumber">): string =>
  card.printedNumber ? `N° ${card.printedNumber}` : card.uid;

/** Refuses to move the balance of a card that is not active, saying why. */
export function requireActive(card: CardRow, what: string): void {
  if (card.status === "active") return;
  const why: Record<Exclude<CardStatus, "active">, string> = {
    blocked: `está bloqueada${card.blockedReason ? ` (${card.blockedReason})` : ""}`,
    replaced: "fue reemplazada por otra tarjeta",
    expired: "venció: su saldo expiró",
  };
  throw new DomainError(
    "conflict",
    `card_${card.status}`,
    `No se puede ${what}: la tarjeta ${cardName(card)} ${why[card.status]}`,
    { status: card.status },
  );
}

/** Sends the card's current row to the cloud (card/created or card/updated), in the caller's transaction. */
export function enqueueCard(ctx: Ctx, cardId: string, op: "created" | "updated"): void {
  const c = findCard(ctx, cardId);
  if (!c) throw new Error(`card ${cardId} vanished mid-transaction`);
  enqueueOutbox(ctx.db, {
    entity: "card",
    entityId: c.id,
    op,
    payload: {
      id: c.id,
      uid: c.uid,
      printedNumber: c.printedNumber,
      customerId: c.customerId,
      status: c.status,
      deposit: c.deposit,
      depositRefundable: c.depositRefundable === 1,
      replaces: c.replaces,
      replacedBy: c.replacedBy,
      depositReturnedAt: c.depositReturnedAt,
      issuedAt: c.issuedAt,
      updatedAt: c.updatedAt,
    },
    at: isoNow(ctx),
  });
}
