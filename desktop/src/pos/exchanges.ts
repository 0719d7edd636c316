import type { Exchange } from "@mostrador/contracts/http/exchanges";
import type { Discount } from "@mostrador/contracts/pos/totals";
import {
  type CheckedPayment,
  type CheckedPayments,
  checkPayments,
  type PaymentInput,
} from "@mostrador/contracts/pos/payments";
import {
  type CheckedRefund,
  checkRefunds,
  type RefundInput,
  type Refundable,
} from "@mostrador/contracts/pos/refunds";
import { formatMoney } from "@mostrador/contracts/money";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import type { Approval } from "@mostrador/kernel/staff/approval";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { customerById } from "../customers/customers.js";
import { authorize } from "./authorize.js";
import { clientId } from "./client-id.js";
import { refuseCardInExchange, refuseExchangeCredit } from "./exchange-credit.js";
import { draftReturn, type ReturnDraft, writeReturn } from "./returns.js";
import { approveDiscount, draftSale } from "./sale.js";
import type { SaleLineInput } from "./sale-lines.js";
import { runReturnWritten, runSaleWritten } from "./sale-hooks.js";
import { getSale } from "./sale-view.js";
import { getReturn } from "./return-view.js";
import { type SaleDraft, writeSale } from "./sale-write.js";

export interface ExchangeInput {
  /** UUIDv7 made by the till: resending the same id returns the same exchange. */
  id: string;
  /** The earlier sale the items come back from. */
  saleId: string;
  returnLines: readonly { saleLineId: string; quantity: number }[];
  newLines: readonly SaleLineInput[];
  ticketDiscount?: Discount | null;
  /** The difference the customer pays when the new items cost more; empty otherwise. */
  payments: readonly PaymentInput[];
  /** The difference the shop gives back when the new items cost less; empty otherwise. */
  refunds: readonly RefundInput[];
  reason?: string | null;
  approval?: Approval | null;
}

const DEFAULT_REASON = "Cambio";

const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("invalid", code, message, details);

/** The credit line both halves carry: the return refunds it, the new sale is paid with it. */
const creditPayment = (amount: number): CheckedPayment[] =>
  amount > 0 ? [{ method: "exchange", amount, tendered: null, change: 0, reference: null }] : [];
const creditRefund = (amount: number): CheckedRefund[] =>
  amount > 0 ? [{ method: "exchange", amount, reference: null }] : [];

interface ExchangeDraft {
  returnDraft: ReturnDraft;
  saleDraft: SaleDraft;
  credit: number;
  difference: number;
}

/**
 * Both halves read and checked, nothing written. The return is drafted by the returns' own rules (what
 * may come back, at what value), the new sale by the sale's (products, prices, discounts, stock); the
 * exchange only decides how each half is settled: the credit min(returned, new) on both, and the
 * difference paid by the customer or refunded by the shop, checked with the payment and refund rules.
 */
function draftExchange(ctx: Ctx, principal: Principal, input: ExchangeInput): ExchangeDraft {
  if (!Array.isArray(input.returnLines as unknown) || input.returnLines.length === 0)
    throw invalid("empty_exchange", "Elegí qué se devuelve en el cambio");
  if (!Array.isArray(input.newLines as unknown) || input.newLines.length === 0)
    throw invalid("empty_exchange", "Agregá lo que se lleva el cliente en el cambio");
  if (!Array.isArray(input.payments as unknown)) throw invalid("payments_required", "Faltan los pagos");
  if (!Array.isArray(input.refunds as unknown)) throw invalid("refunds_required", "Faltan los reintegros");
  refuseExchangeCredit(input.payments, "Pago");
  refuseExchangeCredit(input.refunds, "Reintegro");
  refuseCardInExchange(input.payments, "Pago");
  refuseCardInExchange(input.refunds, "Reintegro");
  const reason = typeof input.reason === "string" && input.reason.trim() ? input.reason : DEFAULT_REASON;

  let returned = 0;
  let refundable: Refundable[] = [];
  const returnDraft = draftReturn(
    ctx,
    principal,
    input.saleId,
    { lines: input.returnLines, reason },
    (total, left) => {
      // Settled below, once the new sale's total is known; the card caps are the original sale's.
      returned = total;
      refundable = left;
      return [];
    },
  );

  let differenceRefunds: CheckedRefund[] = [];
  const saleDraft = draftSale(
    ctx,
    principal,
    {
      lines: input.newLines,
      ticketDiscount: input.ticketDiscount ?? null,
      payments: input.payments,
      customerId: customerOfExchange(ctx, returnDraft.saleId),
    },
    (total): CheckedPayments => {
      const credit = Math.min(returned, total);
      const owed = total - credit;
      if (owed === 0 && input.payments.length > 0) {
        throw invalid(
          "exchange_nothing_to_pay",
          `Lo que se lleva (${formatMoney(total)}) no supera lo que devuelve (${formatMoney(returned)}): no hay diferencia que cobrar`,
        );
      }
      const paid = owed > 0 ? checkPayments(owed, input.payments) : { payments: [], changeGiven: 0 };
      const toRefund = returned - credit;
      if (toRefund === 0 && input.refunds.length > 0) {
        throw invalid(
          "exchange_nothing_to_refund",
          `Lo que devuelve (${formatMoney(returned)}) no supera lo que se lleva (${formatMoney(total)}): no hay diferencia que reintegrar`,
        );
      }
      if (toRefund > 0) differenceRefunds = checkRefunds(toRefund, input.refunds, refundable);
      return { payments: [...creditPayment(credit), ...paid.payments], changeGiven: paid.changeGiven };
    },
  );
  const total = saleDraft.totals.total;
  const credit = Math.min(returned, total);
  return {
    returnDraft: { ...returnDraft, refunds: [...creditRefund(credit), ...differenceRefunds] },
    saleDraft,
    credit,
    difference: total - returned,
  };
}

const EXCHANGE_SELECT = `SELECT id, created_at AS createdAt, original_sale_id AS originalSaleId, return_id AS returnId,
                                sale_id AS saleId, credit, difference FROM exchanges`;

interface ExchangeRow {
  id: string;
  createdAt: string;
  originalSaleId: string;
  returnId: string;
  saleId: string;
  credit: number;
  difference: number;
}

const viewOf = (ctx: Ctx, row: ExchangeRow): Exchange => ({
  id: row.id,
  createdAt: row.createdAt,
  originalSaleId: row.originalSaleId,
  returned: getReturn(ctx, row.returnId),
  sale: getSale(ctx, row.saleId),
  credit: row.credit,
  difference: row.difference,
});

export function findExchange(ctx: Ctx, id: string): Exchange | null {
  const row = stmt(ctx.db, `${EXCHANGE_SELECT} WHERE id = ?`).get(id) as ExchangeRow | undefined;
  return row ? viewOf(ctx, row) : null;
}

export function getExchange(ctx: Ctx, id: string): Exchange {
  const found = typeof id === "string" ? findExchange(ctx, id) : null;
  if (!found)
    throw new DomainError("not_found", "exchange_not_found", "El cambio no existe", { exchangeId: id });
  return found;
}

/** The exchange a sale is the new half of, if any (a void of it is refused: pos/voids.ts). */
export function exchangeOfNewSale(ctx: Ctx, saleId: string): string | null {
  const row = stmt(ctx.db, "SELECT id FROM exchanges WHERE sale_id = ?").get(saleId) as
    { id: string } | undefined;
  return row?.id ?? null;
}

/**
 * The exchange's new sale is made to the customer of the sale it exchanges: the survivor if her record
 * was merged into another, anonymous if she was erased on request or the sale named nobody.
 */
function customerOfExchange(ctx: Ctx, originalSaleId: string): string | null {
  const row = stmt(ctx.db, "SELECT customer_id AS customerId FROM sales WHERE id = ?").get(originalSaleId) as
    { customerId: string | null } | undefined;
  let customer = row?.customerId ? customerById(ctx.db, row.customerId) : null;
  if (customer?.mergedInto) customer = customerById(ctx.db, customer.mergedInto);
  return customer && !customer.erasedAt && !customer.mergedInto ? customer.id : null;
}

/**
 * An exchange (cambio): lines of an earlier sale come back and new items go out, in ONE transaction — the
 * return (stock in, its outbox op), the new sale (stock out, its outbox op) and the row linking them. The
 * return's credit pays the new sale as the method "exchange", so the Z report counts no money for it; only
 * the difference moves the drawer or a card. Needs "sale.return" (or a manager's approval), as a return
 * does, and the discount approval a sale needs. Idempotent on the till's exchange id.
 */
export function commitExchange(
  ctx: Ctx,
  principal: Principal,
  input: ExchangeInput,
): { exchange: Exchange; created: boolean } {
  if (input === null || typeof input !== "object")
    throw invalid("invalid_exchange", "El cambio no es válido");
  const id = clientId(input.id, "cambio");
  const existing = findExchange(ctx, id);
  if (existing) return { exchange: existing, created: false };

  // Validated first (a refused exchange asks for no PIN), then the approvals outside the write transaction
  // (a wrong PIN's failed-attempt count must commit; see pos/authorize.ts). Drafted ONCE: this process is the
  // only writer and better-sqlite3 is synchronous, so nothing changes between the draft and the write.
  const draft = draftExchange(ctx, principal, input);
  const returnApprovedBy = authorize(ctx, principal, "sale.return", input.approval, {
    message: "Los cambios necesitan la autorización de un encargado",
  });
  const discountApprovedBy = approveDiscount(ctx, principal, draft.saleDraft, input.approval);

  const returnId = newId();
  const saleId = newId();
  const written = ctx.db
    .transaction((): boolean => {
      if (stmt(ctx.db, "SELECT 1 FROM exchanges WHERE id = ?").get(id)) return false;
      const saleReturn = writeReturn(ctx, principal, returnId, draft.returnDraft, returnApprovedBy);
      // The modules riding on sales and returns (accounts, loyalty, cards) settle both halves in this same
      // transaction, as for a plain return and sale: a difference paid or refunded on account moves the
      // account, the returned items' points are taken back and the new items' earned; a refusal rolls back.
      runReturnWritten(ctx, principal, saleReturn, getSale(ctx, saleReturn.saleId));
      const sale = writeSale(ctx, principal, saleId, draft.saleDraft, discountApprovedBy);
      runSaleWritten(ctx, principal, sale, draft.saleDraft.customer?.id ?? null, { cardId: null });
      stmt(
        ctx.db,
        `INSERT INTO exchanges (id, original_sale_id, return_id, sale_id, terminal_id, cash_session_id, staff_id,
           credit, difference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        saleReturn.saleId,
        returnId,
        saleId,
        sale.terminalId,
        sale.cashSessionId,
        principal.staffId,
        draft.credit,
        draft.difference,
        sale.createdAt,
      );
      return true;
    })
    .immediate();
  const exchange = getExchange(ctx, id);
  if (!written) return { exchange, created: false };

  const { returned, sale } = exchange;
  ctx.bus.emit("return.committed", { returnId, saleId: returned.saleId, total: returned.total });
  ctx.bus.emit("sale.committed", {
    saleId,
    terminalId: sale.terminalId,
    number: sale.number,
    total: sale.total,
  });
  const productIds = [...returned.lines.map((l) => l.productId), ...sale.lines.map((l) => l.productId)];
  ctx.bus.emit("stock.changed", { productIds: [...new Set(productIds)] });
  return { exchange, created: true };
}
