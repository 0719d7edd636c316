import type { Return, SaleLine } from "@mostrador/contracts/http/sales";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { mulDiv } from "@mostrador/contracts/money";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import type { Approval } from "@mostrador/kernel/staff/approval";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { insertStockMovements } from "../stock/movements.js";
import { authorize } from "./authorize.js";
import { clientId } from "./client-id.js";
import { allocateReturnNumber } from "./numbering.js";
import { requireOpenCashSession, terminalOfPrincipal } from "./open-cash-session.js";
import { cleanReason } from "./reason.js";
import {
  type CheckedRefund,
  checkRefunds,
  type RefundInput,
  type Refundable,
  refundableByMethod,
} from "@mostrador/contracts/pos/refunds";
import { refuseExchangeCredit } from "./exchange-credit.js";
import { findReturn, getReturn } from "./return-view.js";
import { stockHolderOf } from "../catalog/stock-holder.js";
import { getSale } from "./sale-view.js";
import { runReturnWritten } from "./sale-hooks.js";
import { MAX_LINES } from "@mostrador/contracts/pos/totals";

export interface ReturnInput {
  /** UUIDv7 made by the till: resending the same id returns the same return. */
  id: string;
  lines: readonly { saleLineId: string; quantity: number }[];
  refunds: readonly RefundInput[];
  reason: string;
  approval?: Approval | null;
}

interface ReturnLineDraft {
  saleLine: SaleLine;
  quantity: number;
  total: number;
  net: number;
  iva: number;
}

export interface ReturnDraft {
  saleId: string;
  terminalId: string;
  cashSessionId: string;
  reason: string;
  lines: ReturnLineDraft[];
  total: number;
  netTotal: number;
  ivaTotal: number;
  refunds: CheckedRefund[];
}

const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("invalid", code, message, details);

/**
 * What returning `quantity` more of a sale line gives back. Proportional to the line total, computed on
 * the CUMULATIVE quantity returned: refund = round(total × (returned + qty) ÷ sold) − already refunded.
 * A single partial return is exactly mulDiv(line.total, qty, line.quantity); the last units take the exact
 * remainder, so returning everything refunds exactly what was paid; and no refund can go negative
 * (refunding each unit rounded on its own could overshoot: 7 × round(5 ÷ 8) = 7 > 5).
 * Net is split the same way and IVA is the rest, so net + iva = total on every return line.
 */
function refundFor(ctx: Ctx, line: SaleLine, quantity: number): { total: number; net: number; iva: number } {
  const done = stmt(
    ctx.db,
    "SELECT COALESCE(SUM(total), 0) AS total, COALESCE(SUM(net), 0) AS net FROM return_lines WHERE sale_line_id = ?",
  ).get(line.id) as { total: number; net: number };
  const upTo = line.returnedQuantity + quantity;
  const total = mulDiv(line.total, upTo, line.quantity) - done.total;
  const net = mulDiv(line.net, upTo, line.quantity) - done.net;
  return { total, net, iva: total - net };
}

/**
 * A return read and checked, nothing written. `refund` checks the refunds against the total, given what
 * each method of the sale can still give back (an exchange refunds part of it as credit, pos/exchanges.ts).
 */
export function draftReturn(
  ctx: Ctx,
  principal: Principal,
  saleId: string,
  input: Omit<ReturnInput, "id" | "approval" | "refunds">,
  refund: (total: number, refundable: Refundable[]) => CheckedRefund[],
): ReturnDraft {
  const terminalId = terminalOfPrincipal(principal);
  const cashSessionId = requireOpenCashSession(ctx, terminalId);
  const sale = getSale(ctx, saleId);
  if (sale.status === "voided") {
    throw new DomainError(
      "conflict",
      "sale_voided",
      `La venta ${sale.displayNumber} está anulada: no admite devoluciones`,
    );
  }
  const reason = cleanReason(input.reason);
  if (!Array.isArray(input.lines as unknown) || input.lines.length === 0)
    throw invalid("empty_return", "Elegí qué se devuelve");
  if (input.lines.length > MAX_LINES)
    throw invalid("too_many_lines", `Una devolución admite como máximo ${MAX_LINES} líneas`);

  const byId = new Map(sale.lines.map((l) => [l.id, l]));
  const seen = new Set<string>();
  const lines = input.lines.map((asked, i): ReturnLineDraft => {
    const n = i + 1;
    const saleLine = byId.get(asked?.saleLineId);
    if (!saleLine) {
      throw new DomainError(
        "not_found",
        "sale_line_not_found",
        `Línea ${n}: no es una línea de la venta ${sale.displayNumber}`,
        { line: n },
      );
    }
    if (seen.has(saleLine.id))
      throw invalid("duplicate_return_line", `Línea ${n}: "${saleLine.description}" está repetida`, {
        line: n,
      });
    seen.add(saleLine.id);
    const left = saleLine.quantity - saleLine.returnedQuantity;
    if (!Number.isSafeInteger(asked.quantity) || asked.quantity <= 0) {
      throw invalid(
        "invalid_quantity",
        `Línea ${n}: la cantidad a devolver debe ser un entero mayor que cero`,
        { line: n },
      );
    }
    if (asked.quantity > left) {
      const unit = saleLine.unit === "kg" ? " g" : "";
      throw invalid(
        "return_exceeds_sold",
        `Línea ${n}: de "${saleLine.description}" se vendieron ${saleLine.quantity}${unit} y ya se devolvieron ${saleLine.returnedQuantity}${unit}; quedan ${left}${unit} para devolver`,
        { line: n, sold: saleLine.quantity, returned: saleLine.returnedQuantity, left },
      );
    }
    return { saleLine, quantity: asked.quantity, ...refundFor(ctx, saleLine, asked.quantity) };
  });
  const total = lines.reduce((s, l) => s + l.total, 0);
  // A card gives back at most what it paid on this sale, net of earlier returns (pos/refunds.ts).
  const refundable = refundableByMethod(
    sale.payments,
    sale.returns.flatMap((r) => r.refunds),
  );
  const refunds = refund(total, refundable);
  return {
    saleId: sale.id,
    terminalId,
    cashSessionId,
    reason,
    lines,
    total,
    netTotal: lines.reduce((s, l) => s + l.net, 0),
    ivaTotal: lines.reduce((s, l) => s + l.iva, 0),
    refunds,
  };
}

/** Writes a drafted return inside the caller's transaction; returns its view, read back once. */
export function writeReturn(
  ctx: Ctx,
  principal: Principal,
  id: string,
  d: ReturnDraft,
  approvedBy: string | null,
): Return {
  const db = ctx.db;
  const at = isoNow(ctx);
  const number = allocateReturnNumber(db, d.terminalId);
  stmt(
    db,
    `INSERT INTO returns (id, sale_id, terminal_id, number, cash_session_id, staff_id, approved_by, reason, total, net_total, iva_total, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    d.saleId,
    d.terminalId,
    number,
    d.cashSessionId,
    principal.staffId,
    approvedBy,
    d.reason,
    d.total,
    d.netTotal,
    d.ivaTotal,
    at,
  );
  const insertLine = stmt(
    db,
    "INSERT INTO return_lines (id, return_id, sale_line_id, quantity, total, iva_rate, net, iva) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  for (const l of d.lines)
    insertLine.run(newId(), id, l.saleLine.id, l.quantity, l.total, l.saleLine.ivaRate, l.net, l.iva);
  const insertRefund = stmt(
    db,
    "INSERT INTO return_refunds (id, return_id, method, amount, reference) VALUES (?, ?, ?, ?, ?)",
  );
  for (const r of d.refunds) insertRefund.run(newId(), id, r.method, r.amount, r.reference);
  insertStockMovements(
    db,
    d.lines.map((l) => ({
      // A product converted to variants since the sale: back to the variant that kept its stock.
      productId: stockHolderOf(db, l.saleLine.productId),
      quantity: l.quantity,
      reason: "return" as const,
      refId: id,
      staffId: principal.staffId,
      at,
    })),
  );
  recordAudit(db, {
    at,
    staffId: principal.staffId,
    terminalId: d.terminalId,
    action: "sale.return",
    entity: "return",
    entityId: id,
    details: { saleId: d.saleId, total: d.total, reason: d.reason, approvedBy },
  });
  // One read serves both the outbox payload and the caller's response.
  const saleReturn = getReturn(ctx, id);
  enqueueOutbox(db, { entity: "return", entityId: id, op: "created", payload: saleReturn, at });
  return saleReturn;
}

/**
 * Gives back all or part of a sale: per line at most what was sold minus what came back already,
 * refunds adding up to the return total, stock back in, audit and outbox, all in one transaction.
 * Needs "sale.return" or a manager's approval. Idempotent on the till's return id.
 */
export function commitReturn(
  ctx: Ctx,
  principal: Principal,
  saleId: string,
  input: ReturnInput,
): { saleReturn: Return; created: boolean } {
  if (input === null || typeof input !== "object")
    throw invalid("invalid_return", "La devolución no es válida");
  const id = clientId(input.id, "devolución");
  const existing = findReturn(ctx, id);
  if (existing) return { saleReturn: existing, created: false };

  // Validate first (so a refused return asks for no PIN), then the approval outside the write transaction
  // (a wrong PIN's failed-attempt count must commit). Drafted ONCE: better-sqlite3 is synchronous and this
  // process is the only writer, so nothing can change what the draft read before the write below.
  if (Array.isArray(input.refunds as unknown)) refuseExchangeCredit(input.refunds, "Reintegro");
  const draft = draftReturn(ctx, principal, saleId, input, (total, refundable) =>
    checkRefunds(total, input.refunds, refundable),
  );
  const approvedBy = authorize(ctx, principal, "sale.return", input.approval, {
    message: "Las devoluciones necesitan la autorización de un encargado",
  });

  // IMMEDIATE: take the write lock at BEGIN (see pos/sale.ts).
  const saleReturn = ctx.db
    .transaction((): Return | null => {
      if (stmt(ctx.db, "SELECT 1 FROM returns WHERE id = ?").get(id)) return null;
      const written = writeReturn(ctx, principal, id, draft, approvedBy);
      // Accounts and loyalty credit the account and move points in this same transaction.
      runReturnWritten(ctx, principal, written, getSale(ctx, draft.saleId));
      return written;
    })
    .immediate();
  if (!saleReturn) return { saleReturn: getReturn(ctx, id), created: false };

  ctx.bus.emit("return.committed", { returnId: id, saleId: draft.saleId, total: draft.total });
  ctx.bus.emit("stock.changed", { productIds: [...new Set(draft.lines.map((l) => l.saleLine.productId))] });
  return { saleReturn, created: true };
}
