import type { AccountSummary } from "@mostrador/contracts/http/accounts";
import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { getLoyaltyRules, pointsValue } from "../loyalty/rules.js";
import { accountBalance, availableCredit, availablePoints, pointsBalance } from "./allowance.js";
import { requireCustomer } from "./customer.js";
import { storeLink } from "./store-link.js";

/** The customer's credit limit, or null when they have no account. */
export function creditLimitOf(ctx: Ctx, customerId: string): number | null {
  const row = stmt(
    ctx.db,
    "SELECT credit_limit AS creditLimit FROM customer_credit_limits WHERE customer_id = ?",
  ).get(customerId) as { creditLimit: number | null } | undefined;
  return row?.creditLimit ?? null;
}

/** A customer's account and points as this store sees them (the till's payment dialog, the receipt). */
export function accountSummary(ctx: Ctx, customerId: string): AccountSummary {
  const customer = requireCustomer(ctx, customerId);
  const rules = getLoyaltyRules(ctx);
  const creditLimit = creditLimitOf(ctx, customer.id);
  const points = availablePoints(ctx, customer.id);
  return {
    customerId: customer.id,
    customerName: customer.name,
    creditLimit,
    balance: accountBalance(ctx, customer.id),
    availableCredit: availableCredit(ctx, customer.id),
    points: pointsBalance(ctx, customer.id),
    availablePoints: points,
    availablePointsValue: rules.enabled ? pointsValue(rules, points) : 0,
    linked: storeLink(ctx) !== null,
    pointValue: rules.enabled ? rules.pointValue : 0,
  };
}
