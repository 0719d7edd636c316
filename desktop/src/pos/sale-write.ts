import type { PointsDiscount, Sale, SaleLine, SalePayment } from "@mostrador/contracts/http/sales";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { insertStockMovements } from "../stock/movements.js";
import { allocateSaleNumber, displayNumber } from "./numbering.js";
import type { CheckedPayments } from "@mostrador/contracts/pos/payments";
import type { ResolvedLine } from "./sale-lines.js";
import { discountOf, paymentView } from "./sale-view.js";
import { type Discount, ivaByRate, type Totals } from "@mostrador/contracts/pos/totals";

/** A sale read and checked, nothing written yet (pos/sale.ts draftSale). */
export interface SaleDraft {
  terminalId: string;
  cashSessionId: string;
  lines: ResolvedLine[];
  totals: Totals;
  ticketDiscount: Discount | null;
  /** Points redeemed as a discount (their amount is already in totals); loyalty's hook spends them. */
  pointsDiscount?: PointsDiscount | null;
  paid: CheckedPayments;
  warnings: string[];
  limitBp: number;
  /** The customer the sale names (customers/customers.ts customerForSale), or null. */
  customer?: { id: string; name: string } | null;
  /** The turno this sale charges (desktop/src/turnos checks it in its sale hook), or null. */
  bookingId?: string | null;
}

const INSERT_SALE = `INSERT INTO sales (id, terminal_id, number, cash_session_id, staff_id, status, subtotal,
    line_discount_total, ticket_discount_kind, ticket_discount_value, ticket_discount_total, total, net_total,
    iva_total, change_given, discount_approved_by, warnings, created_at, customer_id, points_discount_points,
    points_discount_total, booking_id)
  VALUES (?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_LINE = `INSERT INTO sale_lines (id, sale_id, line_no, product_id, description, unit, quantity,
    unit_price, gross, discount_kind, discount_value, line_discount, ticket_discount_share, total, iva_rate, net,
    iva, barcode, points_discount_share)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_PAYMENT =
  "INSERT INTO sale_payments (id, sale_id, method, amount, tendered, reference) VALUES (?, ?, ?, ?, ?, ?)";

// The two names the sale view shows that the draft does not carry (the cashier may have been renamed since login).
const NAMES = `SELECT t.code AS terminalCode, st.name AS staffName
                 FROM terminals t JOIN staff st ON st.id = ? WHERE t.id = ?`;

function lineViews(d: SaleDraft): SaleLine[] {
  return d.lines.map((line, i) => {
    const lt = d.totals.lines[i];
    if (!lt) throw new Error("totals and lines out of step");
    const discount = line.cart.discount ?? null;
    return {
      id: newId(),
      lineNo: i + 1,
      productId: line.product.id,
      description: line.product.name,
      unit: lt.unit,
      quantity: lt.quantity,
      unitPrice: lt.unitPrice,
      gross: lt.gross,
      discount: discountOf(discount?.kind ?? null, discount?.value ?? null),
      lineDiscount: lt.lineDiscount,
      ticketDiscountShare: lt.ticketDiscountShare,
      pointsDiscountShare: lt.pointsDiscountShare,
      total: lt.total,
      ivaRate: lt.ivaRate,
      net: lt.net,
      iva: lt.iva,
      barcode: line.barcode,
      returnedQuantity: 0,
    };
  });
}

/**
 * Writes a drafted sale — number, sale row, lines, payments, stock movements, audit of an approved
 * discount, outbox — and returns its view. Call it inside the sale's transaction. The view is built from
 * the very values written (the shape pos/sale-view.ts findSale reads back, which a test holds it to), so
 * the sale is not read back twice on the hot path: once for the outbox payload, once for the response.
 */
export function writeSale(
  ctx: Ctx,
  principal: Principal,
  id: string,
  d: SaleDraft,
  approvedBy: string | null,
): Sale {
  const db = ctx.db;
  const at = isoNow(ctx);
  const number = allocateSaleNumber(db, d.terminalId);
  const t = d.totals;
  const ticket = d.ticketDiscount;
  const points = t.pointsDiscountTotal > 0 ? (d.pointsDiscount ?? null) : null;
  stmt(db, INSERT_SALE).run(
    id,
    d.terminalId,
    number,
    d.cashSessionId,
    principal.staffId,
    t.subtotal,
    t.lineDiscountTotal,
    ticket?.kind ?? null,
    ticket?.value ?? null,
    t.ticketDiscountTotal,
    t.total,
    t.netTotal,
    t.ivaTotal,
    d.paid.changeGiven,
    approvedBy,
    JSON.stringify(d.warnings),
    at,
    d.customer?.id ?? null,
    points ? points.points : 0,
    t.pointsDiscountTotal,
    d.bookingId ?? null,
  );
  const lines = lineViews(d);
  const insertLine = stmt(db, INSERT_LINE);
  for (const l of lines) {
    insertLine.run(
      l.id,
      id,
      l.lineNo,
      l.productId,
      l.description,
      l.unit,
      l.quantity,
      l.unitPrice,
      l.gross,
      l.discount?.kind ?? null,
      l.discount?.value ?? null,
      l.lineDiscount,
      l.ticketDiscountShare,
      l.total,
      l.ivaRate,
      l.net,
      l.iva,
      l.barcode,
      l.pointsDiscountShare ?? 0,
    );
  }
  const insertPayment = stmt(db, INSERT_PAYMENT);
  const payments: SalePayment[] = d.paid.payments.map((p) => {
    const row = {
      id: newId(),
      method: p.method,
      amount: p.amount,
      tendered: p.tendered,
      reference: p.reference,
    };
    insertPayment.run(row.id, id, row.method, row.amount, row.tendered, row.reference);
    return paymentView(row);
  });
  insertStockMovements(
    db,
    lines.map((l) => ({
      productId: l.productId,
      quantity: -l.quantity,
      reason: "sale" as const,
      refId: id,
      staffId: principal.staffId,
      at,
    })),
  );
  if (approvedBy) {
    recordAudit(db, {
      at,
      staffId: approvedBy,
      terminalId: d.terminalId,
      action: "sale.discount_approved",
      entity: "sale",
      entityId: id,
      details: {
        discountShareBp: t.discountShareBp,
        limitBp: d.limitBp,
        cashierId: principal.staffId,
        discountTotal: t.discountTotal,
      },
    });
  }
  const names = stmt(db, NAMES).get(principal.staffId, d.terminalId) as
    { terminalCode: number; staffName: string } | undefined;
  if (!names) throw new Error(`terminal ${d.terminalId} or staff ${principal.staffId} vanished mid-sale`);
  const sale: Sale = {
    id,
    number,
    terminalId: d.terminalId,
    terminalCode: names.terminalCode,
    displayNumber: displayNumber(names.terminalCode, number),
    cashSessionId: d.cashSessionId,
    status: "completed",
    createdAt: at,
    staffId: principal.staffId,
    staffName: names.staffName,
    subtotal: t.subtotal,
    lineDiscountTotal: t.lineDiscountTotal,
    ticketDiscount: discountOf(ticket?.kind ?? null, ticket?.value ?? null),
    ticketDiscountTotal: t.ticketDiscountTotal,
    total: t.total,
    netTotal: t.netTotal,
    ivaTotal: t.ivaTotal,
    ivaByRate: ivaByRate(lines),
    changeGiven: d.paid.changeGiven,
    discountApprovedBy: approvedBy,
    voidedAt: null,
    voidedBy: null,
    voidApprovedBy: null,
    voidReason: null,
    lines,
    payments,
    returns: [],
    warnings: d.warnings,
    ...(d.customer ? { customer: d.customer } : {}),
    ...(points ? { pointsDiscount: { points: points.points, amount: t.pointsDiscountTotal } } : {}),
    ...(d.bookingId ? { bookingId: d.bookingId } : {}),
  };
  // The cloud learns the customer by id only: no name in the sale's payload, so erasing a customer
  // never has to rewrite sales (customers/erase.ts).
  const { customer, ...payload } = sale;
  enqueueOutbox(db, {
    entity: "sale",
    entityId: id,
    op: "created",
    payload: customer ? { ...payload, customerId: customer.id } : payload,
    at,
  });
  return sale;
}
