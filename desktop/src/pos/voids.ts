import type { Sale } from "@mostrador/contracts/http/sales";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import type { Approval } from "@mostrador/kernel/staff/approval";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { insertStockMovements } from "../stock/movements.js";
import { authorize } from "./authorize.js";
import { exchangeOfNewSale } from "./exchanges.js";
import { cleanReason } from "./reason.js";
import { stockHolderOf } from "../catalog/stock-holder.js";
import { getSale } from "./sale-view.js";
import { runSaleVoided } from "./sale-hooks.js";

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
  // The new half of an exchange: voiding it alone would leave the return's credit paid to nothing.
  if (exchangeOfNewSale(ctx, sale.id)) {
    throw new DomainError(
      "conflict",
      "sale_is_exchange",
      `La venta ${sale.displayNumber} es parte de un cambio: no se puede anular, hacé una devolución`,
    );
  }
  const session = stmt(ctx.db, "SELECT status FROM cash_sessions WHERE id = ?").get(sale.cashSessionId) as
    { status: string } | undefined;
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
  // Checked ONCE, before the approval (so a refused void asks for no PIN) and outside the write transaction
  // (so a wrong PIN's failed-attempt count commits). better-sqlite3 is synchronous and this process is the
  // only writer: nothing can change the sale between this check and the write below.
  const { sale, reason } = checkVoidable(ctx, saleId, input.reason);
  const approvedBy = authorize(ctx, principal, "sale.void", input.approval, {
    message: "Anular una venta necesita la autorización de un encargado",
  });

  // IMMEDIATE: take the write lock at BEGIN (see pos/sale.ts).
  const voided = ctx.db
    .transaction((): Sale => {
      const at = isoNow(ctx);
      const { changes } = stmt(
        ctx.db,
        `UPDATE sales SET status = 'voided', voided_at = ?, voided_by = ?, void_approved_by = ?, void_reason = ?
          WHERE id = ? AND status = 'completed'`,
      ).run(at, principal.staffId, approvedBy, reason, sale.id);
      // The status guard backs up the check above: stock must never come back twice for one sale.
      if (changes !== 1) {
        throw new DomainError(
          "conflict",
          "sale_already_voided",
          `La venta ${sale.displayNumber} ya está anulada`,
        );
      }
      insertStockMovements(
        ctx.db,
        sale.lines.map((l) => ({
          // A product converted to variants since the sale: back to the variant that kept its stock.
          productId: stockHolderOf(ctx.db, l.productId),
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
      // Only the void columns changed (a sale with returns cannot be voided, so its lines did not):
      // the view is the sale read above with them set, not a second read.
      const view: Sale = {
        ...sale,
        status: "voided",
        voidedAt: at,
        voidedBy: principal.staffId,
        voidApprovedBy: approvedBy,
        voidReason: reason,
      };
      // The customer by id only, as pos/sale-write.ts sends it (no name in sale payloads).
      const { customer, ...payload } = view;
      enqueueOutbox(ctx.db, {
        entity: "sale",
        entityId: sale.id,
        op: "voided",
        payload: customer ? { ...payload, customerId: customer.id } : payload,
        at,
      });
      // Accounts and loyalty undo what the sale charged, redeemed and earned, in this same transaction.
      runSaleVoided(ctx, principal, view);
      return view;
    })
    .immediate();

  ctx.bus.emit("sale.voided", { saleId: voided.id, terminalId: voided.terminalId });
  ctx.bus.emit("stock.changed", { productIds: [...new Set(voided.lines.map((l) => l.productId))] });
  return voided;
}
