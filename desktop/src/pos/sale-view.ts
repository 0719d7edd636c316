import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { displayNumber } from "./numbering.js";
import type { PaymentMethod } from "@mostrador/contracts/pos/payments";
import { listReturnsOfSale } from "./return-view.js";
import { type Discount, ivaByRate } from "@mostrador/contracts/pos/totals";

// A sale's view is the HTTP contract's (contracts/src/http/sales.ts): the API answers it, the till reads it.
import type {
  Sale,
  SaleLine,
  SalePayment,
  SalesQuery,
  SaleStatus,
  SaleSummary,
} from "@mostrador/contracts/http/sales";

interface SaleRow {
  id: string;
  number: number;
  terminalId: string;
  terminalCode: number;
  cashSessionId: string;
  status: SaleStatus;
  createdAt: string;
  staffId: string;
  staffName: string;
  subtotal: number;
  lineDiscountTotal: number;
  ticketDiscountKind: Discount["kind"] | null;
  ticketDiscountValue: number | null;
  ticketDiscountTotal: number;
  total: number;
  netTotal: number;
  ivaTotal: number;
  changeGiven: number;
  discountApprovedBy: string | null;
  warnings: string;
  customerId: string | null;
  customerName: string | null;
  pointsDiscountPoints: number;
  pointsDiscountTotal: number;
  voidedAt: string | null;
  voidedBy: string | null;
  voidApprovedBy: string | null;
  voidReason: string | null;
  bookingId: string | null;
}

type LineRow = Omit<SaleLine, "discount"> & {
  discountKind: Discount["kind"] | null;
  discountValue: number | null;
};

const SALE_SELECT = `
  SELECT s.id, s.number, s.terminal_id AS terminalId, t.code AS terminalCode, s.cash_session_id AS cashSessionId,
         s.status, s.created_at AS createdAt, s.staff_id AS staffId, st.name AS staffName, s.subtotal,
         s.line_discount_total AS lineDiscountTotal, s.ticket_discount_kind AS ticketDiscountKind,
         s.ticket_discount_value AS ticketDiscountValue, s.ticket_discount_total AS ticketDiscountTotal, s.total,
         s.net_total AS netTotal, s.iva_total AS ivaTotal, s.change_given AS changeGiven,
         s.discount_approved_by AS discountApprovedBy, s.warnings, s.voided_at AS voidedAt, s.voided_by AS voidedBy,
         s.void_approved_by AS voidApprovedBy, s.void_reason AS voidReason,
         s.points_discount_points AS pointsDiscountPoints, s.points_discount_total AS pointsDiscountTotal,
         s.booking_id AS bookingId, COALESCE(c.merged_into, s.customer_id) AS customerId, COALESCE(m.name, c.name) AS customerName
    FROM sales s JOIN terminals t ON t.id = s.terminal_id JOIN staff st ON st.id = s.staff_id
    LEFT JOIN customers c ON c.id = s.customer_id
    -- A customer merged into another (the same person born at two places) is shown as the survivor.
    LEFT JOIN customers m ON m.id = c.merged_into`;

/** Shared with pos/sale-write.ts, which builds the view of a sale it has just written with the same rules. */
export const discountOf = (kind: Discount["kind"] | null, value: number | null): Discount | null =>
  kind && value !== null ? { kind, value } : null;

function linesOf(ctx: Ctx, saleId: string): SaleLine[] {
  const rows = stmt(
    ctx.db,
    `SELECT l.id, l.line_no AS lineNo, l.product_id AS productId, l.description, l.unit, l.quantity,
              l.unit_price AS unitPrice, l.gross, l.discount_kind AS discountKind, l.discount_value AS discountValue,
              l.line_discount AS lineDiscount, l.ticket_discount_share AS ticketDiscountShare,
              l.points_discount_share AS pointsDiscountShare, l.total,
              l.iva_rate AS ivaRate, l.net, l.iva, l.barcode,
              COALESCE((SELECT SUM(rl.quantity) FROM return_lines rl WHERE rl.sale_line_id = l.id), 0) AS returnedQuantity
         FROM sale_lines l WHERE l.sale_id = ? ORDER BY l.line_no`,
  ).all(saleId) as LineRow[];
  return rows.map(({ discountKind, discountValue, ...l }) => ({
    ...l,
    discount: discountOf(discountKind, discountValue),
  }));
}

/** Change is derived, not stored: what the customer handed over minus what the payment covers. */
export const paymentView = (p: Omit<SalePayment, "change">): SalePayment => ({
  ...p,
  change: p.tendered === null ? 0 : p.tendered - p.amount,
});

export function findSale(ctx: Ctx, id: string): Sale | null {
  const row = stmt(ctx.db, `${SALE_SELECT} WHERE s.id = ?`).get(id) as SaleRow | undefined;
  if (!row) return null;
  const {
    ticketDiscountKind,
    ticketDiscountValue,
    warnings,
    customerId,
    customerName,
    pointsDiscountPoints,
    pointsDiscountTotal,
    bookingId,
    ...rest
  } = row;
  const lines = linesOf(ctx, id);
  const payments = (
    stmt(
      ctx.db,
      "SELECT id, method, amount, tendered, reference FROM sale_payments WHERE sale_id = ? ORDER BY rowid",
    ).all(id) as Omit<SalePayment, "change">[]
  ).map(paymentView);
  return {
    ...rest,
    displayNumber: displayNumber(row.terminalCode, row.number),
    ticketDiscount: discountOf(ticketDiscountKind, ticketDiscountValue),
    ivaByRate: ivaByRate(lines),
    lines,
    payments,
    returns: listReturnsOfSale(ctx, id),
    warnings: JSON.parse(warnings) as string[],
    ...(customerId ? { customer: { id: customerId, name: customerName ?? "" } } : {}),
    ...(pointsDiscountTotal > 0
      ? { pointsDiscount: { points: pointsDiscountPoints, amount: pointsDiscountTotal } }
      : {}),
    ...(bookingId ? { bookingId } : {}),
  };
}

/** A sale with its lines, payments and returns; not_found `sale_not_found` otherwise. */
export function getSale(ctx: Ctx, id: string): Sale {
  const sale = typeof id === "string" ? findSale(ctx, id) : null;
  if (!sale) throw new DomainError("not_found", "sale_not_found", "La venta no existe", { saleId: id });
  return sale;
}

export const DEFAULT_SALES_PAGE = 50;
import { MAX_SALES_PAGE } from "@mostrador/contracts/http/sales";

/** A query's instant in the stored form (UTC, milliseconds), so text comparison works; a non-date is refused. */
function storedInstant(value: string | undefined, field: string): string | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new DomainError("invalid", "invalid_input", `El campo "${field}" debe ser una fecha y hora válida`);
  return new Date(ms).toISOString();
}

/**
 * Newest first; within one cash session when `sessionId` is given; sold within [from, to), with that
 * number, that total or by that cashier when given; `limit` rows after `offset` (the sales history's pages).
 */
export function listSales(
  ctx: Ctx,
  query: Omit<SalesQuery, "sessionId"> & { sessionId?: string | null } = {},
): SaleSummary[] {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_SALES_PAGE), 1), MAX_SALES_PAGE);
  const rows = stmt(
    ctx.db,
    `SELECT s.id, s.number, t.code AS terminalCode, s.cash_session_id AS cashSessionId, s.status,
              s.created_at AS createdAt, st.name AS staffName, s.total,
              (SELECT COUNT(*) FROM sale_lines l WHERE l.sale_id = s.id) AS lineCount,
              (SELECT json_group_array(DISTINCT p.method) FROM sale_payments p WHERE p.sale_id = s.id) AS methods,
              (SELECT COALESCE(SUM(r.total), 0) FROM returns r WHERE r.sale_id = s.id) AS returnedTotal,
              COALESCE(m.name, c.name) AS customerName
         FROM sales s JOIN terminals t ON t.id = s.terminal_id JOIN staff st ON st.id = s.staff_id
         LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN customers m ON m.id = c.merged_into
        WHERE (@sessionId IS NULL OR s.cash_session_id = @sessionId)
          AND (@from IS NULL OR s.created_at >= @from) AND (@to IS NULL OR s.created_at < @to)
          AND (@number IS NULL OR s.number = @number) AND (@total IS NULL OR s.total = @total)
          AND (@staffId IS NULL OR s.staff_id = @staffId)
        ORDER BY s.created_at DESC, s.number DESC LIMIT @limit OFFSET @offset`,
  ).all({
    sessionId: query.sessionId ?? null,
    from: storedInstant(query.from, "from"),
    to: storedInstant(query.to, "to"),
    number: query.number ?? null,
    total: query.total ?? null,
    staffId: query.staffId ?? null,
    limit,
    offset: Math.max(Math.trunc(query.offset ?? 0), 0),
  }) as (Omit<SaleSummary, "displayNumber" | "methods"> & {
    methods: string;
  })[];
  return rows.map((r) => ({
    ...r,
    displayNumber: displayNumber(r.terminalCode, r.number),
    methods: JSON.parse(r.methods) as PaymentMethod[],
  }));
}
