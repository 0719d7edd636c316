import type {
  CardHistory,
  CardsOutstanding,
  CardsReport,
  CardsReportInput,
  CardsShift,
} from "@mostrador/contracts/http/cards";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { cardView, requireCard } from "./cards.js";
import { cardEntries } from "./ledger.js";
import { parseInstant } from "./settings.js";

interface Scope {
  where: string;
  args: unknown[];
}

/** The rows of a shift, or of a terminal and/or a period, by the columns that say so. */
function scopeOf(q: CardsReportInput, cols: { session: string; terminal: string; time: string }): Scope {
  const parts: string[] = [];
  const args: unknown[] = [];
  if (q.sessionId) {
    parts.push(`${cols.session} = ?`);
    args.push(q.sessionId);
  }
  if (q.terminalId) {
    parts.push(`${cols.terminal} = ?`);
    args.push(q.terminalId);
  }
  if (q.from) {
    parts.push(`${cols.time} >= ?`);
    args.push(parseInstant(q.from, "Desde"));
  }
  if (q.to) {
    parts.push(`${cols.time} < ?`);
    args.push(parseInstant(q.to, "Hasta"));
  }
  return { where: parts.length ? parts.join(" AND ") : "1", args };
}

/**
 * Card figures of a shift (sessionId) or of a terminal and/or a period: top-ups by method (deposits, not
 * sales), charges by product (the lines of the sales paid by card, in proportion to the card's share of
 * each sale), refunds, cash-outs, cards issued and their deposits, expiries, and what cards did to the
 * drawer's cash. Read from the ledger, so it agrees with it by construction.
 */
export function cardsReport(ctx: Ctx, q: CardsReportInput): CardsReport {
  if (!q.sessionId && !q.terminalId && !q.from && !q.to) {
    throw new DomainError("invalid", "report_scope_required", "Elegí un turno, una caja o un período");
  }
  if (q.from && q.to && parseInstant(q.to, "Hasta") <= parseInstant(q.from, "Desde")) {
    throw new DomainError(
      "invalid",
      "invalid_report_period",
      'El período termina antes de empezar: "Hasta" tiene que ser posterior a "Desde"',
    );
  }
  // An unknown shift or till is a mistake, not a report of zeros.
  if (q.sessionId && !ctx.db.prepare("SELECT 1 FROM cash_sessions WHERE id = ?").get(q.sessionId)) {
    throw new DomainError("not_found", "cash_session_not_found", "Ese turno de caja no existe");
  }
  if (q.terminalId && !ctx.db.prepare("SELECT 1 FROM terminals WHERE id = ?").get(q.terminalId)) {
    throw new DomainError("not_found", "terminal_not_found", "La caja no existe");
  }
  const e = scopeOf(q, { session: "e.cash_session_id", terminal: "e.terminal_id", time: "e.created_at" });
  const sum = (kind: string) =>
    ctx.db
      .prepare(
        `SELECT COUNT(*) AS count, COALESCE(SUM(e.amount), 0) AS total FROM card_entries e WHERE e.kind = ? AND ${e.where}`,
      )
      .get(kind, ...e.args) as { count: number; total: number };
  const topups = sum("topup");
  const byMethod = ctx.db
    .prepare(
      `SELECT e.method, COUNT(*) AS count, SUM(e.amount) AS total FROM card_entries e
        WHERE e.kind = 'topup' AND ${e.where} GROUP BY e.method ORDER BY e.method`,
    )
    .all(...e.args) as { method: string; count: number; total: number }[];
  const voided = sum("void_topup");
  const charges = sum("charge");
  const refunds = sum("refund");
  const cashouts = sum("cashout");
  const expired = sum("expire");
  // Each product's part of the card charges: a line's total × (card charge / sale total), to the centavo.
  const byProduct = ctx.db
    .prepare(
      `SELECT l.product_id AS productId, l.description, SUM(l.quantity) AS quantity,
              SUM(CAST(ROUND(l.total * (-e.amount * 1.0) / s.total) AS INTEGER)) AS total
         FROM card_entries e JOIN sales s ON s.id = e.sale_id JOIN sale_lines l ON l.sale_id = s.id
        WHERE e.kind = 'charge' AND s.total > 0 AND ${e.where}
        GROUP BY l.product_id, l.description ORDER BY total DESC, l.description`,
    )
    .all(...e.args) as { productId: string; description: string; quantity: number; total: number }[];
  const c = scopeOf(q, { session: "c.cash_session_id", terminal: "c.terminal_id", time: "c.issued_at" });
  const issued = ctx.db
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(c.deposit), 0) AS deposits,
              COALESCE(SUM(CASE WHEN c.deposit_method = 'cash' THEN c.deposit END), 0) AS cash
         FROM cards c WHERE c.replaces IS NULL AND ${c.where}`,
    )
    .get(...c.args) as { count: number; deposits: number; cash: number };
  const r = scopeOf(q, {
    session: "c.deposit_returned_session_id",
    terminal: "cs.terminal_id",
    time: "c.deposit_returned_at",
  });
  const depositsBack = ctx.db
    .prepare(
      `SELECT COALESCE(SUM(c.deposit), 0) AS total
         FROM cards c JOIN cash_sessions cs ON cs.id = c.deposit_returned_session_id WHERE ${r.where}`,
    )
    .get(...r.args) as { total: number };
  const cashMoved = ctx.db
    .prepare(
      `SELECT COALESCE(SUM(e.amount), 0) AS total FROM card_entries e
        WHERE e.method = 'cash' AND e.kind IN ('topup', 'void_topup', 'cashout') AND ${e.where}`,
    )
    .get(...e.args) as { total: number };
  return {
    sessionId: q.sessionId ?? null,
    terminalId: q.terminalId ?? null,
    from: q.from ? parseInstant(q.from, "Desde") : null,
    to: q.to ? parseInstant(q.to, "Hasta") : null,
    topups: { count: topups.count, total: topups.total, byMethod },
    voidedTopups: { count: voided.count, total: -voided.total },
    charges: { count: charges.count, total: -charges.total, byProduct },
    refunds: { count: refunds.count, total: refunds.total },
    cashouts: { count: cashouts.count, total: -cashouts.total, deposits: depositsBack.total },
    cardsIssued: { count: issued.count, deposits: issued.deposits },
    expired: { count: expired.count, total: -expired.total },
    cashNet: cashMoved.total + issued.cash - depositsBack.total,
  };
}

/** The bar's liability at an instant: every card's ledger summed up to it, and the deposits held. */
export function outstanding(ctx: Ctx, atInput?: string): CardsOutstanding {
  const at = atInput ? parseInstant(atInput, "Momento") : isoNow(ctx);
  const row = ctx.db
    .prepare(
      `SELECT COUNT(*) AS cards, COALESCE(SUM(b), 0) AS balance FROM
         (SELECT SUM(amount) AS b FROM card_entries WHERE created_at <= ? GROUP BY card_id HAVING SUM(amount) > 0)`,
    )
    .get(at) as { cards: number; balance: number };
  // Refundable deposits held: a replacement card carries its old card's deposit, so each counts once.
  const deposits = ctx.db
    .prepare(
      `SELECT COALESCE(SUM(c.deposit), 0) AS d FROM cards c LEFT JOIN cards n ON n.id = c.replaced_by
        WHERE c.issued_at <= ? AND c.deposit_refundable = 1 AND (n.id IS NULL OR n.issued_at > ?)
          AND (c.deposit_returned_at IS NULL OR c.deposit_returned_at > ?)`,
    )
    .get(at, at, at) as { d: number };
  return { at, cards: row.cards, balance: row.balance, deposits: deposits.d };
}

/** A card's history: the card as now and its ledger, oldest first, each entry with the balance after it. */
export function cardHistory(ctx: Ctx, cardId: string): CardHistory {
  const card = requireCard(ctx, cardId);
  return { card: cardView(ctx, card), entries: cardEntries(ctx, card.id) };
}

/** The latest shifts (cash sessions) of every till, newest first: what the reports screen offers to pick. */
export function recentShifts(ctx: Ctx, limit = 60): CardsShift[] {
  return ctx.db
    .prepare(
      `SELECT s.id, s.terminal_id AS terminalId, t.name AS terminalName, t.code AS terminalCode,
              s.status, s.opened_at AS openedAt, s.closed_at AS closedAt
         FROM cash_sessions s JOIN terminals t ON t.id = s.terminal_id
        ORDER BY s.opened_at DESC, s.id DESC LIMIT ?`,
    )
    .all(limit) as CardsShift[];
}
