import type { Terminal } from "@mostrador/contracts/http/settings";
import type { Ctx } from "@mostrador/kernel/core/context";
import type { CashReport } from "@mostrador/contracts/http/cash";

import { getSessionRow } from "./sessions.js";

import { PAYMENT_METHODS } from "@mostrador/contracts/http/sales";
import { TENDER_METHODS } from "@mostrador/contracts/pos/payments";
/** Argentine IVA rates in basis points, highest first as on a fiscal report. */
export const IVA_RATES = [2100, 1050, 0] as const;

/**
 * X report (open session, mid-shift) and Z report (frozen at close). All money in centavos.
 * - grossSales: completed sales before any discount; grossSales − discounts − pointsDiscounts = sum of
 *   byMethod[].sales.
 * - discounts: line discounts + ticket discounts of completed sales (the cashier's).
 * - pointsDiscounts: loyalty points redeemed as ticket discounts (the customer's points, shown apart).
 * - voided sales count in `voids` only, never in sales, payments, IVA or cash.
 * - byIvaRate: sales minus returns taken in this session (the returns' lines carry their own net/IVA split).
 * - expectedCash = openingFloat + cash sales (payments already net of change) − cash refunds + cash account
 *   payments + cards' cash + cashIn − cashOut.
 * - accountPayments: customers paying their accounts (not sales: not in byMethod, IVA or salesCount).
 * - cards: prepaid card top-ups (deposits, not sales), card sales, cash-outs and cards issued; their cash
 *   (cash top-ups and deposits − cash-outs − voided cash top-ups − deposits given back) is in expectedCash.
 * - exchanges: their returns are in `returns` and their new sales in the sales; the credit one applies to the
 *   other is the method "exchange" (equal sales and refunds, net 0), so only the difference moves cash or a card.
 * - bookings: turnos charged (turnos module, 0036): the señas applied and each obra social's share, which
 *   are in byMethod as "deposit" and "coverage" and move no cash.
 */
// The report's shape is the HTTP contract's (contracts/src/http/cash.ts CashReport).
export type Report = CashReport;

/** The Z report: built with the close facts, so it has its close time and who closed (by name). */
export type ClosedReport = Report & { closedAt: string; closedBy: string };

/** What a close adds to the live figures. */
export interface CloseFacts {
  closedAt: string;
  closedBy: string;
  countedCash: number;
}

type Sums = Record<string, number>;

function sumBy(rows: { key: string | number; amount: number }[]): Map<string | number, number> {
  const out = new Map<string | number, number>();
  for (const r of rows) out.set(r.key, (out.get(r.key) ?? 0) + r.amount);
  return out;
}

type CardFigures = NonNullable<CashReport["cards"]>;

/**
 * Prepaid cards at this session (cards module, 0028), read from its ledger and cards: top-ups are not
 * sales (no IVA), so they are apart from byMethod; card sales are there too, as "card".
 */
function cardFigures(ctx: Ctx, sessionId: string): CardFigures {
  const entries = (kind: string) =>
    ctx.db
      .prepare(
        "SELECT COUNT(*) AS count, COALESCE(ABS(SUM(amount)), 0) AS total FROM card_entries WHERE cash_session_id = ? AND kind = ?",
      )
      .get(sessionId, kind) as { count: number; total: number };
  const byMethod = ctx.db
    .prepare(
      `SELECT method, COUNT(*) AS count, SUM(amount) AS total FROM card_entries
        WHERE cash_session_id = ? AND kind = 'topup' GROUP BY method ORDER BY method`,
    )
    .all(sessionId) as { method: string; count: number; total: number }[];
  const topups = entries("topup");
  const issued = ctx.db
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(deposit), 0) AS deposits,
              COALESCE(SUM(CASE WHEN deposit_method = 'cash' THEN deposit END), 0) AS cash
         FROM cards WHERE cash_session_id = ? AND replaces IS NULL`,
    )
    .get(sessionId) as { count: number; deposits: number; cash: number };
  const depositsReturned = (
    ctx.db
      .prepare("SELECT COALESCE(SUM(deposit), 0) AS d FROM cards WHERE deposit_returned_session_id = ?")
      .get(sessionId) as { d: number }
  ).d;
  const ledgerCash = (
    ctx.db
      .prepare(
        `SELECT COALESCE(SUM(amount), 0) AS c FROM card_entries
          WHERE cash_session_id = ? AND method = 'cash' AND kind IN ('topup', 'void_topup', 'cashout')`,
      )
      .get(sessionId) as { c: number }
  ).c;
  return {
    topups: { count: topups.count, total: topups.total, byMethod },
    voidedTopups: entries("void_topup"),
    sales: entries("charge"),
    cashouts: entries("cashout"),
    issued: { count: issued.count, deposits: issued.deposits },
    depositsReturned,
    cash: ledgerCash + issued.cash - depositsReturned,
  };
}

type BookingFigures = NonNullable<CashReport["bookings"]>;

/** Turnos charged in this session's completed sales (turnos module, 0036), read from its charges table. */
function bookingFigures(ctx: Ctx, sessionId: string): BookingFigures {
  const charged = `FROM turno_booking_charges c JOIN sales s ON s.id = c.sale_id
                    WHERE c.cash_session_id = ? AND s.status = 'completed'`;
  const totals = ctx.db
    .prepare(`SELECT COUNT(*) AS count, COALESCE(SUM(c.deposit_applied), 0) AS deposits ${charged}`)
    .get(sessionId) as { count: number; deposits: number };
  const coverage = ctx.db
    .prepare(
      `SELECT c.payer, COUNT(*) AS count, SUM(c.coverage_amount) AS total ${charged}
          AND c.payer IS NOT NULL AND c.coverage_amount > 0 GROUP BY c.payer ORDER BY c.payer`,
    )
    .all(sessionId) as { payer: string; count: number; total: number }[];
  return { count: totals.count, deposits: totals.deposits, coverage };
}

/**
 * Figures of a session recomputed from its rows as of now; `close` adds the close facts (used once, by closeSession).
 * The Z report as printed is the frozen copy: read it with getZReport.
 */
export function buildReport(ctx: Ctx, sessionId: string, close: CloseFacts): ClosedReport;
export function buildReport(ctx: Ctx, sessionId: string): Report;
export function buildReport(ctx: Ctx, sessionId: string, close?: CloseFacts): Report {
  const session = getSessionRow(ctx, sessionId);
  const q = <T>(sql: string) => ctx.db.prepare(sql).all(sessionId) as T[];
  const one = <T>(sql: string) => ctx.db.prepare(sql).get(sessionId) as T;

  const terminal = ctx.db
    .prepare("SELECT id, code, name FROM terminals WHERE id = ?")
    .get(session.terminal_id) as Terminal;
  const staffName = (id: string | null) =>
    id ? (ctx.db.prepare("SELECT name FROM staff WHERE id = ?").get(id) as { name: string }).name : null;

  const sales = one<Sums>(
    `SELECT COUNT(*) AS count, COALESCE(SUM(subtotal), 0) AS gross,
            COALESCE(SUM(line_discount_total + ticket_discount_total), 0) AS discounts,
            COALESCE(SUM(points_discount_total), 0) AS pointsDiscounts
       FROM sales WHERE cash_session_id = ? AND status = 'completed'`,
  );
  const voids = one<Sums>(
    "SELECT COUNT(*) AS count, COALESCE(SUM(total), 0) AS total FROM sales WHERE cash_session_id = ? AND status = 'voided'",
  );
  const returns = one<Sums>(
    "SELECT COUNT(*) AS count, COALESCE(SUM(total), 0) AS total FROM returns WHERE cash_session_id = ?",
  );

  const exchanges = one<Sums>(
    "SELECT COUNT(*) AS count, COALESCE(SUM(credit), 0) AS credit FROM exchanges WHERE cash_session_id = ?",
  );

  const paid = sumBy(
    q<{ key: string; amount: number }>(
      `SELECT p.method AS key, p.amount FROM sale_payments p JOIN sales s ON s.id = p.sale_id
        WHERE s.cash_session_id = ? AND s.status = 'completed'`,
    ),
  );
  const refunded = sumBy(
    q<{ key: string; amount: number }>(
      `SELECT f.method AS key, f.amount FROM return_refunds f JOIN returns r ON r.id = f.return_id
        WHERE r.cash_session_id = ?`,
    ),
  );
  // Every method a cashier picks, used or not; the exchange credit, and Mercado Pago (only shops that
  // connected it offer it), only when used.
  const byMethod = PAYMENT_METHODS.map((method) => {
    const s = paid.get(method) ?? 0;
    const r = refunded.get(method) ?? 0;
    return { method, sales: s, refunds: r, net: s - r };
  }).filter(
    (m) => (TENDER_METHODS.includes(m.method) && m.method !== "mercadopago") || m.sales > 0 || m.refunds > 0,
  );

  type IvaRow = { rate: number; net: number; iva: number; total: number };
  const soldIva = q<IvaRow>(
    `SELECT l.iva_rate AS rate, SUM(l.net) AS net, SUM(l.iva) AS iva, SUM(l.total) AS total
       FROM sale_lines l JOIN sales s ON s.id = l.sale_id
      WHERE s.cash_session_id = ? AND s.status = 'completed' GROUP BY l.iva_rate`,
  );
  const returnedIva = q<IvaRow>(
    `SELECT l.iva_rate AS rate, SUM(l.net) AS net, SUM(l.iva) AS iva, SUM(l.total) AS total
       FROM return_lines l JOIN returns r ON r.id = l.return_id
      WHERE r.cash_session_id = ? GROUP BY l.iva_rate`,
  );
  const byIvaRate = IVA_RATES.map((rate) => {
    const s = soldIva.find((r) => r.rate === rate);
    const r = returnedIva.find((x) => x.rate === rate);
    return {
      rate,
      net: (s?.net ?? 0) - (r?.net ?? 0),
      iva: (s?.iva ?? 0) - (r?.iva ?? 0),
      total: (s?.total ?? 0) - (r?.total ?? 0),
    };
  });

  const moves = one<Sums>(
    `SELECT COALESCE(SUM(CASE WHEN kind = 'in' THEN amount END), 0) AS cashIn,
            COALESCE(SUM(CASE WHEN kind = 'out' THEN amount END), 0) AS cashOut
       FROM cash_movements WHERE session_id = ?`,
  );
  // Customer-account payments (accounts module, 0023): entries with negative amounts; cash ones fill the drawer.
  const accountPayments = one<{ count: number; total: number; cash: number }>(
    `SELECT COUNT(*) AS count, COALESCE(-SUM(amount), 0) AS total,
            COALESCE(-SUM(CASE WHEN method = 'cash' THEN amount END), 0) AS cash
       FROM account_entries WHERE cash_session_id = ? AND kind = 'payment'`,
  );
  const accountPaymentsByMethod = ctx.db
    .prepare(
      `SELECT method, COUNT(*) AS count, -SUM(amount) AS total
         FROM account_entries WHERE cash_session_id = ? AND kind = 'payment'
        GROUP BY method ORDER BY method`,
    )
    .all(sessionId) as { method: string; count: number; total: number }[];
  const cards = cardFigures(ctx, sessionId);
  const cash = byMethod.find((m) => m.method === "cash")?.net ?? 0;
  const expectedCash =
    session.opening_float +
    cash +
    accountPayments.cash +
    cards.cash +
    (moves.cashIn ?? 0) -
    (moves.cashOut ?? 0);
  const countedCash = close?.countedCash ?? session.counted_cash;

  return {
    sessionId,
    terminal,
    openedAt: session.opened_at,
    closedAt: close?.closedAt ?? session.closed_at,
    openedBy: staffName(session.opened_by) ?? "",
    closedBy: staffName(close?.closedBy ?? session.closed_by),
    openingFloat: session.opening_float,
    salesCount: sales.count ?? 0,
    grossSales: sales.gross ?? 0,
    discounts: sales.discounts ?? 0,
    pointsDiscounts: sales.pointsDiscounts ?? 0,
    returns: { count: returns.count ?? 0, total: returns.total ?? 0 },
    voids: { count: voids.count ?? 0, total: voids.total ?? 0 },
    exchanges: { count: exchanges.count ?? 0, credit: exchanges.credit ?? 0 },
    byMethod,
    byIvaRate,
    cashIn: moves.cashIn ?? 0,
    cashOut: moves.cashOut ?? 0,
    accountPayments: { ...accountPayments, byMethod: accountPaymentsByMethod },
    cards,
    bookings: bookingFigures(ctx, sessionId),
    expectedCash,
    countedCash,
    difference: countedCash === null ? null : countedCash - expectedCash,
  };
}
