import { type Ctx, isoNow } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { enqueueOutbox } from "../outbox/outbox.js";
import type { Approval } from "../staff/approval.js";
import { recordAudit } from "../staff/audit.js";
import type { Principal } from "../staff/sessions.js";
import { insertStockMovements } from "../stock/movements.js";
import { authorize } from "./authorize.js";
import { cleanReason } from "./reason.js";
import { getSale, type Sale } from "./sale-view.js";

export interface VoidInput {
  reason: string;
  approval?: Approval | null;
}

/**
 * A void (anulación) cancels a sale as if it never happened, so it is only allowed while the sale's
 * cash session is still open: once the Z report is closed, the money left the drawer's accounts and
 * the way back is a return. A sale with returns cannot be voided either (the return already moved money).
 */
function checkVoidable(ctx: Ctx, saleId: string, reasonInput: unknown): { sale: Sale; reason: string } {
  const sale = getSale(ctx, saleId);
  if (sale.status === "voided") {
    throw new DomainError(
      "conflict",
      "sale_already_voided",
      `La venta ${sale.displayNumber} ya está anulada`,
    );
  }
  if (sale.returns.length > 0) {
    throw new DomainError(
      "conflict",
      "sale_has_returns",
      `La venta ${sale.displayNumber} tiene devoluciones: no se puede anular`,
    );
  }
  const session = ctx.db.prepare("SELECT status FROM cash_sessions WHERE id = ?").get(sale.cashSessionId) as
    | { status: string }
    | undefined;
  if (session?.status !== "open") {
    throw new DomainError(
      "conflict",
      "session_closed",
      `La caja de la venta ${sale.displayNumber} ya se cerró: no se puede anular, hacé una devolución`,
    );
  }
  return { sale, reason: cleanReason(reasonInput) };
}

/** Voids a completed sale: manager-only ("sale.void" or an approval), stock back, outbox, audit, events. */
export function voidSale(ctx: Ctx, principal: Principal, saleId: string, input: VoidInput): Sale {
  if (input === null || typeof input !== "object")
    throw new DomainError("invalid", "invalid_void", "La anulación no es válida");
  checkVoidable(ctx, saleId, input.reason);
  const approvedBy = authorize(ctx, principal, "sale.void", input.approval, {
    message: "Anular una venta necesita la autorización de un encargado",
  });

  const sale = ctx.db.transaction(() => {
    const { sale, reason } = checkVoidable(ctx, saleId, input.reason);
    const at = isoNow(ctx);
    ctx.db
      .prepare(
        `UPDATE sales SET status = 'voided', voided_at = ?, voided_by = ?, void_approved_by = ?, void_reason = ?
          WHERE id = ? AND status = 'completed'`,
      )
      .run(at, principal.staffId, approvedBy, reason, sale.id);
    insertStockMovements(
      ctx.db,
      sale.lines.map((l) => ({
        productId: l.productId,
        quantity: l.quantity,
        reason: "void" as const,
        refId: sale.id,
        staffId: principal.staffId,
        at,
      })),
    );
    recordAudit(ctx.db, {
      at,
      staffId: principal.staffId,
      terminalId: principal.terminalId,
      action: "sale.void",
      entity: "sale",
      entityId: sale.id,
      details: { reason, total: sale.total, approvedBy },
    });
    const voided = getSale(ctx, sale.id);
    enqueueOutbox(ctx.db, { entity: "sale", entityId: sale.id, op: "voided", payload: voided, at });
    return voided;
  })();

  ctx.bus.emit("sale.voided", { saleId: sale.id, terminalId: sale.terminalId });
  ctx.bus.emit("stock.changed", { productIds: [...new Set(sale.lines.map((l) => l.productId))] });
  return sale;
}
