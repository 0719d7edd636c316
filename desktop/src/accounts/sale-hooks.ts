import type { Return, Sale } from "@mostrador/contracts/http/sales";
import { formatMoney } from "@mostrador/contracts/money";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import type { SaleHooks } from "../pos/sale-hooks.js";
import { allowanceHeld, availableCredit, returnExpiredGrants, trimToLimit } from "./allowance.js";
import { requireCustomer } from "./customer.js";
import { appendAccountEntry } from "./entries.js";
import { storeLink } from "./store-link.js";
import { creditLimitOf } from "./summary.js";

const paidWith = (payments: readonly { method: string; amount: number }[], method: string) =>
  payments.filter((p) => p.method === method).reduce((s, p) => s + p.amount, 0);

/** Names the sale's customer on the sale row, when the sale path has not already (customers module). */
export function linkSaleCustomer(ctx: Ctx, saleId: string, customerId: string): void {
  stmt(ctx.db, "UPDATE sales SET customer_id = ? WHERE id = ? AND customer_id IS NULL").run(
    customerId,
    saleId,
  );
}

const CHARGED = `SELECT customer_id AS customerId, COALESCE(SUM(amount), 0) AS net
                   FROM account_entries WHERE sale_id = ? GROUP BY customer_id`;

/**
 * A sale paid (alone or mixed) with "account" charges the customer's account, within the credit this
 * store may give on its own (its allowance: the limit minus the debt when not linked to a cloud). Runs
 * in the sale's transaction under the write lock, so two tills charging the same customer at once are
 * checked one after the other: the second sees the first's charge.
 */
function chargeSale(ctx: Ctx, principal: Principal, sale: Sale, customerId: string | null): void {
  const amount = paidWith(sale.payments, "account");
  if (amount === 0) return;
  if (!customerId) {
    throw new DomainError(
      "invalid",
      "customer_required_for_account",
      "Para vender en cuenta corriente, asociá un cliente a la venta",
    );
  }
  const customer = requireCustomer(ctx, customerId);
  // No limit here and nothing granted by the cloud: the customer has no account (at this store).
  if (creditLimitOf(ctx, customer.id) === null && allowanceHeld(ctx, customer.id, "credit") <= 0) {
    throw new DomainError(
      "conflict",
      "no_account",
      `${customer.name} no tiene cuenta corriente: un encargado le tiene que fijar un límite de crédito`,
    );
  }
  returnExpiredGrants(ctx, customer.id);
  // A lower limit from the dashboard is honoured before lending, even if its hand-back has not run yet.
  trimToLimit(ctx, customer.id);
  const available = availableCredit(ctx, customer.id);
  if (amount > available) {
    const where = storeLink(ctx) ? " en este local sin consultar a la nube" : "";
    throw new DomainError(
      "conflict",
      "over_credit_limit",
      `${customer.name} puede comprar en cuenta corriente hasta ${formatMoney(available)}${where}; esta venta pide ${formatMoney(amount)}`,
      { available, asked: amount },
    );
  }
  linkSaleCustomer(ctx, sale.id, customer.id);
  appendAccountEntry(ctx, {
    customerId: customer.id,
    kind: "charge",
    amount,
    saleId: sale.id,
    cashSessionId: sale.cashSessionId,
    terminalId: sale.terminalId,
    staffId: principal.staffId,
  });
}

/** A return refunded to "account" credits the account that the sale charged (at most what it charged). */
function creditReturn(ctx: Ctx, principal: Principal, saleReturn: Return, sale: Sale): void {
  const amount = paidWith(saleReturn.refunds, "account");
  if (amount === 0) return;
  const charged = stmt(ctx.db, CHARGED).get(sale.id) as { customerId: string; net: number } | undefined;
  if (!charged) {
    throw new DomainError("conflict", "sale_not_on_account", "La venta no se cargó a una cuenta corriente");
  }
  appendAccountEntry(ctx, {
    customerId: charged.customerId,
    kind: "return_credit",
    amount: -amount,
    saleId: sale.id,
    returnId: saleReturn.id,
    cashSessionId: saleReturn.cashSessionId,
    terminalId: saleReturn.terminalId,
    staffId: principal.staffId,
  });
}

/** A voided sale takes its charge off the account (a sale with returns cannot be voided). */
function creditVoid(ctx: Ctx, principal: Principal, sale: Sale): void {
  const charged = stmt(ctx.db, CHARGED).get(sale.id) as { customerId: string; net: number } | undefined;
  if (!charged || charged.net <= 0) return;
  appendAccountEntry(ctx, {
    customerId: charged.customerId,
    kind: "void_credit",
    amount: -charged.net,
    saleId: sale.id,
    terminalId: sale.terminalId,
    staffId: principal.staffId,
  });
}

export const accountSaleHooks: SaleHooks = {
  saleWritten: chargeSale,
  returnWritten: creditReturn,
  saleVoided: creditVoid,
};
