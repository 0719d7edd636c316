import type { PointsDiscount, Sale } from "@mostrador/contracts/http/sales";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { getSettings } from "@mostrador/kernel/shop/settings";
import type { Approval } from "@mostrador/kernel/staff/approval";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { customerForSale } from "../customers/customers.js";
import { checkStockForSale } from "../stock/sale-check.js";
import { authorize } from "./authorize.js";
import { clientId } from "./client-id.js";
import { requireOpenCashSession, terminalOfPrincipal } from "./open-cash-session.js";
import { type CheckedPayments, checkPayments, type PaymentInput } from "@mostrador/contracts/pos/payments";
import { resolveSaleLines, type SaleLineInput } from "./sale-lines.js";
import { refuseExchangeCredit } from "./exchange-credit.js";
import { findSale, getSale } from "./sale-view.js";
import { type SaleDraft, writeSale } from "./sale-write.js";
import { runSaleWritten, type SaleExtras } from "./sale-hooks.js";
import { computeTotals, type Discount, MAX_LINES } from "@mostrador/contracts/pos/totals";

export interface CommitSaleInput {
  /** UUIDv7 made by the till: resending the same id returns the same sale. */
  id: string;
  lines: readonly SaleLineInput[];
  ticketDiscount?: Discount | null;
  payments: readonly PaymentInput[];
  approval?: Approval | null;
  /** The customer the sale is made to; null or absent: anonymous (required to pay with "account" or "points"). */
  customerId?: string | null;
  /** Loyalty points redeemed as a ticket discount: checked against the customer's points by loyalty's hook. */
  pointsDiscount?: PointsDiscount | null;
  /** The prepaid card a "card" payment charges (desktop/src/cards' hook checks and charges it). */
  cardId?: string | null;
  /** The buyer's document asked at payment for the automatic invoice (SaleExtras.invoiceBuyer). */
  invoiceBuyer?: SaleExtras["invoiceBuyer"];
  /** The turno this sale charges: desktop/src/turnos' hook checks the seña and obra social payments. */
  bookingId?: string | null;
}

const percent = (bp: number) => `${(bp / 100).toLocaleString("es-AR")} %`;

/**
 * Everything the sale needs, read and checked, nothing written. Throws the first refusal. `pay` checks the
 * payments against the total (an exchange pays part of it with the credit of its return, pos/exchanges.ts).
 */
export function draftSale(
  ctx: Ctx,
  principal: Principal,
  input: Omit<CommitSaleInput, "id" | "approval">,
  pay: (total: number) => CheckedPayments = (total) => checkPayments(total, input.payments),
): SaleDraft {
  const terminalId = terminalOfPrincipal(principal);
  const cashSessionId = requireOpenCashSession(ctx, terminalId);
  const customer = input.customerId ? customerForSale(ctx.db, input.customerId) : null;
  if (!Array.isArray(input.lines as unknown) || input.lines.length === 0) {
    throw new DomainError("invalid", "empty_sale", "El ticket no tiene productos");
  }
  if (input.lines.length > MAX_LINES) {
    throw new DomainError("invalid", "too_many_lines", `Un ticket admite como máximo ${MAX_LINES} líneas`);
  }
  if (!Array.isArray(input.payments as unknown))
    throw new DomainError("invalid", "payments_required", "Faltan los pagos");
  const lines = resolveSaleLines(ctx, input.lines);
  const ticketDiscount = input.ticketDiscount ?? null;
  const pointsDiscount = input.pointsDiscount ?? null;
  // Its worth in points is loyalty's to check (sale-hooks); its shape is checked before anything is written.
  if (pointsDiscount && (!Number.isSafeInteger(pointsDiscount.points) || pointsDiscount.points <= 0)) {
    throw new DomainError("invalid", "invalid_points", "Indicá una cantidad entera de puntos mayor que cero");
  }
  const totals = computeTotals({
    lines: lines.map((l) => l.cart),
    ticketDiscount,
    pointsDiscount: pointsDiscount?.amount ?? 0,
  });
  const paid = pay(totals.total);
  const warnings = checkStockForSale(
    ctx,
    lines.map((l) => ({ productId: l.product.id, quantity: l.cart.quantity })),
  );
  return {
    customer,
    terminalId,
    cashSessionId,
    lines,
    totals,
    ticketDiscount,
    pointsDiscount,
    paid,
    warnings,
    limitBp: getSettings(ctx.db).discountLimitBp,
    bookingId: input.bookingId ?? null,
  };
}

/** The discount's approver: null when within the shop's limit, else the principal or the manager who typed a PIN. */
export function approveDiscount(
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
  refuseExchangeCredit(input.payments, "Pago");

  // Drafted ONCE, outside the transaction. better-sqlite3 is synchronous and this process is the only
  // writer, so nothing can change what the draft read between here and the write below (same tick).
  // The manager PIN is checked in between, outside the write transaction, so a wrong PIN's
  // failed-attempt count commits even though the sale is refused (see pos/authorize.ts).
  const draft = draftSale(ctx, principal, input);
  const approvedBy = approveDiscount(ctx, principal, draft, input.approval);

  // IMMEDIATE takes the write lock at BEGIN: a deferred transaction that reads first could fail to
  // upgrade (SQLITE_BUSY_SNAPSHOT) if a backup or the CLI wrote meanwhile, where busy_timeout does not help.
  const sale = ctx.db
    .transaction((): Sale | null => {
      // Under the write lock, the authoritative idempotency check: never write the same sale twice.
      if (stmt(ctx.db, "SELECT 1 FROM sales WHERE id = ?").get(id)) return null;
      const written = writeSale(ctx, principal, id, draft, approvedBy);
      // Modules riding on the sale (accounts, loyalty) write in this same transaction; a refusal rolls it back.
      runSaleWritten(ctx, principal, written, input.customerId ?? null, {
        cardId: input.cardId ?? null,
        bookingId: input.bookingId ?? null,
        ...(input.invoiceBuyer !== undefined ? { invoiceBuyer: input.invoiceBuyer } : {}),
      });
      return written;
    })
    .immediate();
  if (!sale) return { sale: getSale(ctx, id), created: false };

  ctx.bus.emit("sale.committed", {
    saleId: id,
    terminalId: sale.terminalId,
    number: sale.number,
    total: sale.total,
  });
  ctx.bus.emit("stock.changed", { productIds: [...new Set(sale.lines.map((l) => l.productId))] });
  return { sale, created: true };
}
