import type { CardEntry, CardEntryKind } from "@mostrador/contracts/http/cards";
import { formatMoney } from "@mostrador/contracts/money";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";

export interface NewCardEntry {
  cardId: string;
  kind: CardEntryKind;
  /** > 0 adds to the balance, < 0 takes from it. */
  amount: number;
  method?: string | null;
  reference?: string | null;
  saleId?: string | null;
  returnId?: string | null;
  relatedEntryId?: string | null;
  requestId?: string | null;
  cashSessionId?: string | null;
  terminalId?: string | null;
  staffId?: string | null;
  note?: string | null;
}

const LAST = "SELECT balance_after AS b FROM card_entries WHERE card_id = ? ORDER BY rowid DESC LIMIT 1";

const INSERT = `INSERT INTO card_entries (id, card_id, kind, amount, balance_after, method, reference, sale_id,
                  return_id, related_entry_id, request_id, cash_session_id, terminal_id, staff_id, note, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * A card's balance: the sum of its ledger, read as the latest entry's balance_after (which the table's
 * trigger holds to the previous one plus the amount). 0 for a card with no entries.
 */
export function cardBalance(ctx: Ctx, cardId: string): number {
  return (stmt(ctx.db, LAST).get(cardId) as { b: number } | undefined)?.b ?? 0;
}

/**
 * Appends one entry and its outbox op, inside the caller's IMMEDIATE transaction (the write lock is held,
 * so the balance read here is the one the entry follows: two terminals are checked one after the other).
 * A movement that would take the balance below zero is refused with the balance in the message.
 */
export function appendCardEntry(ctx: Ctx, e: NewCardEntry): CardEntry & { requestId: string | null } {
  const before = cardBalance(ctx, e.cardId);
  const after = before + e.amount;
  if (after < 0) {
    throw new DomainError(
      "conflict",
      "insufficient_balance",
      `Saldo insuficiente: la tarjeta tiene ${formatMoney(before)} y se piden ${formatMoney(-e.amount)}`,
      { balance: before, asked: -e.amount },
    );
  }
  const id = newId();
  const at = isoNow(ctx);
  const row = {
    method: e.method ?? null,
    saleId: e.saleId ?? null,
    returnId: e.returnId ?? null,
    relatedEntryId: e.relatedEntryId ?? null,
    cashSessionId: e.cashSessionId ?? null,
    terminalId: e.terminalId ?? null,
    staffId: e.staffId ?? null,
    note: e.note ?? null,
  };
  stmt(ctx.db, INSERT).run(
    id,
    e.cardId,
    e.kind,
    e.amount,
    after,
    row.method,
    e.reference ?? null,
    row.saleId,
    row.returnId,
    row.relatedEntryId,
    e.requestId ?? null,
    row.cashSessionId,
    row.terminalId,
    row.staffId,
    row.note,
    at,
  );
  enqueueOutbox(ctx.db, {
    entity: "card_entry",
    entityId: id,
    op: "created",
    payload: {
      id,
      cardId: e.cardId,
      kind: e.kind,
      amount: e.amount,
      ...row,
      balanceAfter: after,
      createdAt: at,
    },
    at,
  });
  return {
    id,
    cardId: e.cardId,
    kind: e.kind,
    amount: e.amount,
    balanceAfter: after,
    method: row.method,
    saleId: row.saleId,
    saleNumber: null,
    returnId: row.returnId,
    relatedEntryId: row.relatedEntryId,
    voidedBy: null,
    terminalCode: null,
    staffName: null,
    note: row.note,
    createdAt: at,
    requestId: e.requestId ?? null,
  };
}

const ENTRIES = `SELECT e.id, e.card_id AS cardId, e.kind, e.amount, e.balance_after AS balanceAfter, e.method,
                        e.sale_id AS saleId,
                        CASE WHEN s.id IS NULL THEN NULL
                             ELSE printf('%04d-%08d', t2.code, s.number) END AS saleNumber,
                        e.return_id AS returnId, e.related_entry_id AS relatedEntryId,
                        (SELECT v.id FROM card_entries v WHERE v.related_entry_id = e.id AND v.kind = 'void_topup') AS voidedBy,
                        t.code AS terminalCode, st.name AS staffName, e.note, e.created_at AS createdAt
                   FROM card_entries e
                   LEFT JOIN sales s ON s.id = e.sale_id
                   LEFT JOIN terminals t2 ON t2.id = s.terminal_id
                   LEFT JOIN terminals t ON t.id = e.terminal_id
                   LEFT JOIN staff st ON st.id = e.staff_id`;

export function readEntry(ctx: Ctx, id: string): CardEntry | undefined {
  return stmt(ctx.db, `${ENTRIES} WHERE e.id = ?`).get(id) as CardEntry | undefined;
}

/** A card's ledger, oldest first. */
export function cardEntries(ctx: Ctx, cardId: string): CardEntry[] {
  return stmt(ctx.db, `${ENTRIES} WHERE e.card_id = ? ORDER BY e.rowid`).all(cardId) as CardEntry[];
}
