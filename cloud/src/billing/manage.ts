import type { PlanId } from "@mostrador/contracts/billing/plans";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";
import { type BillingConfig, providerNamed } from "./config.js";
import type { BillingProvider } from "./provider.js";
import { readRow } from "./checkout.js";
import { standingOf } from "./standing.js";
import { applySubscription } from "./subscription-state.js";

/**
 * Changing the plan and cancelling from the dashboard, for providers with no portal of their own
 * (Mercado Pago). The provider is told, then the subscription is RE-READ and applied exactly as a
 * webhook would (the webhook that follows finds it unchanged).
 */
async function liveSubscription(sql: Sql, config: BillingConfig, tenantId: string, now: Date) {
  const row = await readRow(sql, tenantId);
  const standing = standingOf(row, now);
  const provider = providerNamed(config, row?.provider as "stripe" | "mercadopago" | null);
  if (
    !row?.subscription_id ||
    !["active", "past_due"].includes(standing.standing) ||
    row.cancel_at_period_end
  )
    throw new CloudError("conflict", "not_subscribed", "No tenés una suscripción vigente para cambiar");
  if (!provider)
    throw new CloudError("conflict", "billing_unavailable", "Ese medio de cobro no está disponible");
  if (!provider.changePlan || !provider.cancelAtPeriodEnd)
    throw new CloudError(
      "conflict",
      "manage_at_provider",
      "Esta suscripción se administra en el portal de Stripe: usá «Administrar suscripción»",
    );
  return { row, provider, subscriptionId: row.subscription_id, interval: row.billing_interval ?? "month" };
}

async function reapply(
  sql: Sql,
  provider: BillingProvider,
  clock: Clock,
  publicUrl: string,
  tenantId: string,
  subscriptionId: string,
) {
  const sub = await provider.getSubscription(subscriptionId);
  await sql.withTenant(tenantId, (q) =>
    applySubscription(q, tenantId, provider.name, sub, clock.now(), publicUrl),
  );
}

export async function changePlan(
  sql: Sql,
  config: BillingConfig,
  clock: Clock,
  tenantId: string,
  plan: PlanId,
): Promise<void> {
  const live = await liveSubscription(sql, config, tenantId, clock.now());
  if (live.row.plan === plan) throw new CloudError("conflict", "same_plan", "Ya estás en ese plan");
  await live.provider.changePlan!(live.subscriptionId, plan, live.interval);
  await reapply(sql, live.provider, clock, config.publicUrl, tenantId, live.subscriptionId);
}

export async function cancelAtPeriodEnd(
  sql: Sql,
  config: BillingConfig,
  clock: Clock,
  tenantId: string,
): Promise<void> {
  const live = await liveSubscription(sql, config, tenantId, clock.now());
  await live.provider.cancelAtPeriodEnd!(live.subscriptionId);
  await reapply(sql, live.provider, clock, config.publicUrl, tenantId, live.subscriptionId);
}
