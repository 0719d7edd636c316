import type { AccountSummary } from "@mostrador/contracts/http/accounts";
import { formatMoney, isAmount } from "@mostrador/contracts/money";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { nextHlc } from "../customers/field-clock.js";
import { allowanceHeld, writeAllowanceEntry } from "./allowance.js";
import { type AccountCustomer, requireCustomer } from "./customer.js";
import { storeLink } from "./store-link.js";
import { accountSummary, creditLimitOf } from "./summary.js";

/**
 * Whether this store holds the customer's whole credit allowance, so a manager here may set the limit:
 * always when the appliance is not linked to a cloud; when linked, for a customer born at this store for
 * whom the cloud has granted nothing yet and of whom this store has handed back nothing (a hand-back may
 * have gone to another store). After that the limit is the owner's, set in the dashboard. The owner may
 * set it in the dashboard at any time too: the later clock wins (`allowance.ts`, applyCloudLimit).
 */
function holdsWholeAllowance(ctx: Ctx, customer: AccountCustomer): boolean {
  const link = storeLink(ctx);
  if (!link) return true;
  // customers.born_at names the store a customer was born at (the customers module writes it).
  if (customer.bornAt !== link.storeId) return false;
  const granted = stmt(
    ctx.db,
    `SELECT 1 FROM allowance_entries WHERE customer_id = ? AND kind = 'credit'
        AND (reason = 'grant' OR (reason = 'return' AND returns_grant IS NULL)) LIMIT 1`,
  ).get(customer.id);
  return !granted;
}

/**
 * A manager sets (or removes, with null) a customer's credit limit. The change of limit is the change of
 * this store's allowance ('limit' entry), audited and uploaded. A limit below the current debt is
 * allowed: the customer simply cannot buy on account until they pay down.
 */
export function setCreditLimit(
  ctx: Ctx,
  principal: Principal,
  customerId: string,
  creditLimit: number | null,
): AccountSummary {
  const customer = requireCustomer(ctx, customerId);
  if (creditLimit !== null && !isAmount(creditLimit)) {
    throw new DomainError(
      "invalid",
      "invalid_credit_limit",
      "El límite de crédito debe ser un importe de cero o más, en centavos",
    );
  }
  if (!holdsWholeAllowance(ctx, customer)) {
    throw new DomainError(
      "conflict",
      "limit_owned_by_cloud",
      "El límite de crédito de este cliente lo fija el dueño desde el panel: lo comparten todos los locales",
    );
  }
  ctx.db
    .transaction(() => {
      const at = isoNow(ctx);
      const before = creditLimitOf(ctx, customer.id);
      // This store holds the whole allowance: it becomes the new limit (what it holds may differ from the
      // old limit when a lower limit from the dashboard found part of it already lent).
      const delta = (creditLimit ?? 0) - allowanceHeld(ctx, customer.id, "credit");
      // The same clock as customers' fields: a later owner's limit from the dashboard beats this one.
      const hlc = nextHlc(ctx.db, at);
      stmt(
        ctx.db,
        `INSERT INTO customer_credit_limits (customer_id, credit_limit, set_by, set_at, hlc) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET credit_limit = excluded.credit_limit, set_by = excluded.set_by,
           set_at = excluded.set_at, hlc = excluded.hlc`,
      ).run(customer.id, creditLimit, principal.staffId, at, hlc);
      if (delta !== 0)
        writeAllowanceEntry(ctx, { customerId: customer.id, kind: "credit", amount: delta, reason: "limit" });
      recordAudit(ctx.db, {
        at,
        staffId: principal.staffId,
        terminalId: principal.terminalId,
        action: "account.limit_set",
        entity: "customer",
        entityId: customer.id,
        details: {
          before,
          after: creditLimit,
          text: `${before === null ? "sin cuenta" : formatMoney(before)} → ${creditLimit === null ? "sin cuenta" : formatMoney(creditLimit)}`,
        },
      });
      enqueueOutbox(ctx.db, {
        entity: "customer_credit_limit",
        entityId: customer.id,
        op: "updated",
        payload: { customerId: customer.id, creditLimit, setBy: principal.staffId, setAt: at, hlc },
        at,
      });
    })
    .immediate();
  return accountSummary(ctx, customer.id);
}
