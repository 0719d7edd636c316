import { type Ctx, isoNow } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { newId } from "../db/ids.js";
import { enqueueOutbox } from "../outbox/outbox.js";
import { getSettings } from "../shop/settings.js";
import type { Approval } from "../staff/approval.js";
import { recordAudit } from "../staff/audit.js";
import type { Principal } from "../staff/sessions.js";
import { insertStockMovements } from "../stock/movements.js";
import { checkStockForSale } from "../stock/sale-check.js";
import { authorize } from "./authorize.js";
import { clientId } from "./client-id.js";
import { allocateSaleNumber } from "./numbering.js";
import { requireOpenCashSession, terminalOfPrincipal } from "./open-cash-session.js";
import { type CheckedPayments, checkPayments, type PaymentInput } from "./payments.js";
import { type ResolvedLine, resolveSaleLines, type SaleLineInput } from "./sale-lines.js";
import { findSale, getSale, type Sale } from "./sale-view.js";
import { computeTotals, type Discount, MAX_LINES, type Totals } from "./totals.js";

export interface CommitSaleInput {
  /** UUIDv7 made by the till: resending the same id returns the same sale. */
  id: string;
  lines: readonly SaleLineInput[];
  ticketDiscount?: Discount | null;
  payments: readonly PaymentInput[];
  approval?: Approval | null;
}

interface SaleDraft {
  terminalId: string;
  cashSessionId: string;
  lines: ResolvedLine[];
  totals: Totals;
  paid: CheckedPayments;
  warnings: string[];
  limitBp: number;
}

const percent = (bp: number) => `${(bp / 100).toLocaleString("es-AR")} %`;

/** Everything the sale needs, read and checked, nothing written. Throws the first refusal. */
function draftSale(ctx: Ctx, principal: Principal, input: CommitSaleInput): SaleDraft {
  const terminalId = terminalOfPrincipal(principal);
  const cashSessionId = requireOpenCashSession(ctx, terminalId);
  if (!Array.isArray(input.lines as unknown) || input.lines.length === 0) {
    throw new DomainError("invalid", "empty_sale", "El ticket no tiene productos");
  }
  if (input.lines.length > MAX_LINES) {
    throw new DomainError("invalid", "too_many_lines", `Un ticket admite como máximo ${MAX_LINES} líneas`);
  }
  if (!Array.isArray(input.payments as unknown))
    throw new DomainError("invalid", "payments_required", "Faltan los pagos");
  const lines = resolveSaleLines(ctx, input.lines);
  const totals = computeTotals({
    lines: lines.map((l) => l.cart),
    ticketDiscount: input.ticketDiscount ?? null,
  });
  const paid = checkPayments(totals.total, input.payments);
  const warnings = checkStockForSale(
    ctx,
    lines.map((l) => ({ productId: l.product.id, quantity: l.cart.quantity })),
  );
  return {
    terminalId,
    cashSessionId,
    lines,
    totals,
    paid,
    warnings,
    limitBp: getSettings(ctx.db).discountLimitBp,
  };
}

/** The discount's approver: null when within the shop's limit, else the principal or the manager who typed a PIN. */
function approveDiscount(
  ctx: Ctx,
  principal: Principal,
  draft: SaleDraft,
  approval: Approval | null | undefined,
): string | null {
  const { discountShareBp } = draft.totals;
  if (discountShareBp <= draft.limitBp) return null;
  const approver = authorize(ctx, principal, "sale.discount_above_limit", approval, {
    message: `El descuento (${percent(discountShareBp)}) supera el límite de ${percent(draft.limitBp)}: necesita la autorización de un encargado`,
    details: { discountShareBp, limitBp: draft.limitBp },
  });
  return approver ?? principal.staffId;
}

function writeSale(
  ctx: Ctx,
  principal: Principal,
  id: string,
  d: SaleDraft,
  input: CommitSaleInput,
  approvedBy: string | null,
): void {
  const db = ctx.db;
  const at = isoNow(ctx);
  const number = allocateSaleNumber(db, d.terminalId);
  const t = d.totals;
  const ticket = input.ticketDiscount ?? null;
  db.prepare(
    `INSERT INTO sales (id, terminal_id, number, cash_session_id, staff_id, status, subtotal, line_discount_total,
       ticket_discount_kind, ticket_discount_value, ticket_discount_total, total, net_total, iva_total, change_given,
       discount_approved_by, warnings, created_at)
     VALUES (?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
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
  );
  const insertLine = db.prepare(
    `INSERT INTO sale_lines (id, sale_id, line_no, product_id, description, unit, quantity, unit_price, gross,
       discount_kind, discount_value, line_discount, ticket_discount_share, total, iva_rate, net, iva, barcode)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  d.lines.forEach((line, i) => {
    const lt = t.lines[i];
    if (!lt) throw new Error("totals and lines out of step");
    const discount = line.cart.discount ?? null;
    insertLine.run(
      newId(),
      id,
      i + 1,
      line.product.id,
      line.product.name,
      lt.unit,
      lt.quantity,
      lt.unitPrice,
      lt.gross,
      discount?.kind ?? null,
      discount?.value ?? null,
      lt.lineDiscount,
      lt.ticketDiscountShare,
      lt.total,
      lt.ivaRate,
      lt.net,
      lt.iva,
      line.barcode,
    );
  });
  const insertPayment = db.prepare(
    "INSERT INTO sale_payments (id, sale_id, method, amount, tendered, reference) VALUES (?, ?, ?, ?, ?, ?)",
  );
  for (const p of d.paid.payments)
    insertPayment.run(newId(), id, p.method, p.amount, p.tendered, p.reference);

  insertStockMovements(
    db,
    d.lines.map((l) => ({
      productId: l.product.id,
      quantity: -l.cart.quantity,
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
  enqueueOutbox(db, { entity: "sale", entityId: id, op: "created", payload: getSale(ctx, id), at });
}

/**
 * Commits a sale: numbering, lines, payments, stock movements, audit and outbox in ONE transaction,
 * events after the commit. Idempotent on the till's sale id: a resend returns the stored sale
 * (created = false) and never writes twice, even if its content differs.
 */
export function commitSale(
  ctx: Ctx,
  principal: Principal,
  input: CommitSaleInput,
): { sale: Sale; created: boolean } {
  if (input === null || typeof input !== "object")
    throw new DomainError("invalid", "invalid_sale", "La venta no es válida");
  const id = clientId(input.id, "venta");
  const existing = findSale(ctx, id);
  if (existing) return { sale: existing, created: false };

  // Checked once before the transaction only to learn whether a manager PIN is needed: the PIN check must
  // commit its failed-attempt count even when the sale is refused (see pos/authorize.ts).
  const approvedBy = approveDiscount(ctx, principal, draftSale(ctx, principal, input), input.approval);

  const created = ctx.db.transaction(() => {
    if (ctx.db.prepare("SELECT 1 FROM sales WHERE id = ?").get(id)) return null;
    // Re-read under the transaction (identical in this synchronous process, and safe if that ever changes).
    const draft = draftSale(ctx, principal, input);
    if (draft.totals.discountShareBp > draft.limitBp && !approvedBy) {
      throw new DomainError(
        "forbidden",
        "approval_required",
        "El descuento necesita la autorización de un encargado",
      );
    }
    writeSale(ctx, principal, id, draft, input, approvedBy);
    return draft;
  })();

  const sale = getSale(ctx, id);
  if (created) {
    ctx.bus.emit("sale.committed", {
      saleId: id,
      terminalId: sale.terminalId,
      number: sale.number,
      total: sale.total,
    });
    ctx.bus.emit("stock.changed", { productIds: [...new Set(created.lines.map((l) => l.product.id))] });
  }
  return { sale, created: created !== null };
}
