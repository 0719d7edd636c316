import { keepsExtras } from "@mostrador/contracts/billing/plans";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import type { ProviderSubscription } from "./provider.js";

/** Stripe is billed in USD, Mercado Pago's preapproval in ARS: the currency when a provider does not say. */
const PROVIDER_CURRENCY: Record<string, string> = { stripe: "USD", mercadopago: "ARS" };

/**
 * What a subscription state adds to MRR, in minor units of its currency: the monthly share of the
 * price while it is paid or its retries still run (active, past_due); nothing in a trial or once it
 * lapsed. A yearly price counts a twelfth, rounded to the unit.
 */
export function mrrOf(sub: Pick<ProviderSubscription, "status" | "interval" | "price">): number {
  const paying = keepsExtras(sub.status) && sub.status !== "trialing";
  if (!paying || !sub.price) return 0;
  return sub.interval === "year" ? Math.round(sub.price.unitAmount / 12) : sub.price.unitAmount;
}

/**
 * Appends the state billing just applied (only when it changed something) to the tenant's history:
 * the operator's console computes new, expansion, contraction and churned MRR from it.
 */
export async function recordSubscriptionHistory(
  q: Queryable,
  tenantId: string,
  provider: string,
  sub: ProviderSubscription,
  now: Date,
): Promise<void> {
  if (!sub.plan || !sub.interval) return;
  const currency = sub.price?.currency ?? PROVIDER_CURRENCY[provider] ?? "USD";
  await q.query(
    `INSERT INTO billing_subscription_history
       (id, tenant_id, applied_at, provider, subscription_id, status, plan, billing_interval, currency,
        unit_amount, mrr)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      newId(),
      tenantId,
      now,
      provider,
      sub.id,
      sub.status,
      sub.plan,
      sub.interval,
      currency,
      sub.price?.unitAmount ?? null,
      mrrOf(sub),
    ],
  );
}
