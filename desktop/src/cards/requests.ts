import type { CardOperation } from "@mostrador/contracts/http/cards";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { cardView, requireCard } from "./cards.js";
import { readEntry } from "./ledger.js";

export type CardOp = "issue" | "topup" | "cashout" | "block" | "unblock" | "transfer" | "void_topup";

export interface RequestRow {
  op: CardOp;
  cardId: string;
  otherCardId: string | null;
  entryId: string | null;
  cash: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The client's id of a card operation, checked and lower-cased (the idempotency key). */
export function requestId(value: unknown): string {
  const id = typeof value === "string" ? value.trim().toLowerCase() : "";
  if (!UUID.test(id)) {
    throw new DomainError(
      "invalid",
      "invalid_request_id",
      "El identificador de la operación no es un UUID válido",
    );
  }
  return id;
}

const FIND = `SELECT op, card_id AS cardId, other_card_id AS otherCardId, entry_id AS entryId, cash
                FROM card_requests WHERE request_id = ?`;

/**
 * A request already applied, or undefined. A retry of another operation under the same id is refused:
 * the id names one operation only.
 */
export function appliedRequest(ctx: Ctx, id: string, op: CardOp): RequestRow | undefined {
  const row = stmt(ctx.db, FIND).get(id) as RequestRow | undefined;
  if (row && row.op !== op) {
    throw new DomainError(
      "conflict",
      "request_id_reused",
      "Ese identificador de operación ya se usó para otra operación de tarjeta",
    );
  }
  return row;
}

/** Records what a request did, in its transaction. */
export function recordRequest(ctx: Ctx, id: string, row: RequestRow): void {
  stmt(
    ctx.db,
    `INSERT INTO card_requests (request_id, op, card_id, other_card_id, entry_id, cash, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, row.op, row.cardId, row.otherCardId, row.entryId, row.cash, isoNow(ctx));
}

/** The answer of an applied request, rebuilt from what it recorded (the entry as written; the card as now). */
export function operationAnswer(ctx: Ctx, row: RequestRow): CardOperation {
  return {
    card: cardView(ctx, requireCard(ctx, row.cardId)),
    entry: row.entryId ? (readEntry(ctx, row.entryId) ?? null) : null,
    cash: row.cash,
  };
}
