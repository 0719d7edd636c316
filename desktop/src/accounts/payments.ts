import type { AccountPayment, AccountPaymentInput } from "@mostrador/contracts/http/accounts";
import { ACCOUNT_PAYMENT_METHODS } from "@mostrador/contracts/http/accounts";
import { formatMoney, isAmount } from "@mostrador/contracts/money";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import {
  markChargeUsedByAccountPayment,
  requireChargeForAccountPayment,
} from "../mercadopago/account-payments.js";
import { requireOpenCashSession, terminalOfPrincipal } from "../pos/open-cash-session.js";
import { clientId } from "../pos/client-id.js";
import { accountBalance } from "./allowance.js";
import { requireCustomer } from "./customer.js";
import { appendAccountEntry } from "./entries.js";
import { accountSummary } from "./summary.js";

const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("invalid", code, message, details);

const FIND = `SELECT e.id, e.customer_id AS customerId, -e.amount AS amount, e.method, e.created_at AS createdAt,
                     COALESCE(e.tendered + e.amount, 0) AS change
                FROM account_entries e WHERE e.id = ? AND e.kind = 'payment'`;

interface PaymentRow {
  id: string;
  customerId: string;
  amount: number;
  method: string;
  createdAt: string;
  change: number;
}

function answer(ctx: Ctx, row: PaymentRow): AccountPayment {
  const change = row.change;
  return {
    entryId: row.id,
    amount: row.amount,
    change,
    method: row.method,
    account: accountSummary(ctx, row.customerId),
    createdAt: row.createdAt,
  };
}

/**
 * The customer pays (part of) the debt at the till, with any money method: cash goes into this till's
 * drawer (its session's expected cash), a card or transfer does not; Mercado Pago only with the charge MP
 * confirmed for it, marked used in this transaction. It is NOT a sale: no ticket number,
 * no IVA, never invoiced (the sale it pays for was). At most the debt: credit in favour is not kept.
 * Idempotent on the till's id.
 */
export function payAccount(
  ctx: Ctx,
  principal: Principal,
  customerId: string,
  input: AccountPaymentInput,
): { payment: AccountPayment; created: boolean } {
  if (input === null || typeof input !== "object") throw invalid("invalid_payment", "El pago no es válido");
  const id = clientId(input.id, "pago");
  const existing = stmt(ctx.db, FIND).get(id) as PaymentRow | undefined;
  if (existing) return { payment: answer(ctx, existing), created: false };

  const customer = requireCustomer(ctx, customerId);
  if (!(ACCOUNT_PAYMENT_METHODS as readonly string[]).includes(input.method)) {
    throw invalid(
      "invalid_payment_method",
      "Una cuenta se paga en efectivo, con tarjeta, por transferencia o con Mercado Pago",
    );
  }
  if (!isAmount(input.amount) || input.amount === 0) {
    throw invalid("invalid_payment_amount", "El importe del pago debe ser mayor que cero");
  }
  const tendered = input.tendered ?? input.amount;
  if (input.method !== "cash" && input.tendered != null) {
    throw invalid("tendered_not_cash", 'Solo el efectivo lleva "entregado" y vuelto');
  }
  if (!isAmount(tendered) || tendered < input.amount) {
    throw invalid(
      "tendered_short",
      `El efectivo entregado (${formatMoney(tendered)}) no alcanza para ${formatMoney(input.amount)}`,
    );
  }
  const reference = input.reference?.trim() || null;
  const terminalId = terminalOfPrincipal(principal);
  const cashSessionId = requireOpenCashSession(ctx, terminalId);

  const created = ctx.db
    .transaction((): boolean => {
      if (stmt(ctx.db, FIND).get(id)) return false;
      // Under the write lock: the debt as it is now (another till may have just taken a payment).
      const debt = accountBalance(ctx, customer.id);
      if (debt <= 0) {
        throw new DomainError(
          "conflict",
          "no_debt",
          `${customer.name} no tiene deuda en la cuenta corriente`,
        );
      }
      if (input.amount > debt) {
        throw invalid(
          "payment_exceeds_debt",
          `El pago (${formatMoney(input.amount)}) supera la deuda de ${customer.name} (${formatMoney(debt)})`,
          { debt },
        );
      }
      if (input.method === "mercadopago") requireChargeForAccountPayment(ctx, reference, input.amount);
      appendAccountEntry(ctx, {
        id,
        customerId: customer.id,
        kind: "payment",
        amount: -input.amount,
        method: input.method,
        cashSessionId,
        terminalId,
        // The drawer keeps the amount; the change handed back is tendered − amount.
        tendered: input.method === "cash" && input.tendered != null ? tendered : null,
        reference,
        staffId: principal.staffId,
      });
      if (input.method === "mercadopago" && reference) markChargeUsedByAccountPayment(ctx, reference, id);
      return true;
    })
    .immediate();
  const row = stmt(ctx.db, FIND).get(id) as PaymentRow;
  if (created) {
    ctx.bus.emit("account.changed", { customerId: customer.id });
  }
  return { payment: answer(ctx, row), created };
}
