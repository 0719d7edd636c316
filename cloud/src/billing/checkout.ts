import type { BillingInterval, BillingProviderName, PlanId } from "@mostrador/contracts/billing/plans";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";
import { type BillingConfig, providerNamed } from "./config.js";
import type { BillingProvider } from "./provider.js";
import { type BillingRow, standingOf } from "./standing.js";

const UNAVAILABLE = () =>
  new CloudError(
    "conflict",
    "billing_unavailable",
    "La suscripción en línea no está disponible en este servidor",
  );

/** The provider asked for (absent: Stripe if configured, else Mercado Pago), or 409 when not configured. */
function providerOf(config: BillingConfig, name?: BillingProviderName | null): BillingProvider {
  const provider = name ? providerNamed(config, name) : (config.provider ?? config.mercadopago ?? null);
  if (!provider) throw UNAVAILABLE();
  return provider;
}

/**
 * The provider's checkout for a plan. The tenant's customer is created once (kept in its row; the
 * provider call is idempotent by tenant) before the page; the subscription arrives by webhook.
 */
export async function startCheckout(
  sql: Sql,
  config: BillingConfig,
  owner: { tenantId: string; email: string },
  plan: PlanId,
  interval: BillingInterval,
  now: Date,
  providerName?: BillingProviderName,
): Promise<{ url: string }> {
  const provider = providerOf(config, providerName);
  const row = await readRow(sql, owner.tenantId);
  const standing = standingOf(row, now).standing;
  // The standing, not the row: a subscription cancelled at a period end that has passed is over.
  if (standing === "active" || standing === "past_due" || standing === "trialing")
    throw new CloudError(
      "conflict",
      "already_subscribed",
      "Ya tenés una suscripción: cambiá de plan desde «Administrar suscripción»",
    );
  // A customer per provider: choosing the other one later makes (and keeps) a customer there.
  let customerId = row?.provider === provider.name ? (row.customer_id ?? null) : null;
  if (!customerId) {
    const [org] = await sql.withTenant(owner.tenantId, (q) =>
      q.query<{ name: string }>("SELECT name FROM organizations WHERE id = $1", [owner.tenantId]),
    );
    customerId = await provider.createCustomer({
      tenantId: owner.tenantId,
      email: owner.email,
      name: org?.name ?? owner.email,
    });
    const id = customerId;
    await sql.withTenant(owner.tenantId, (q) =>
      q.query(
        `INSERT INTO billing_accounts (tenant_id, provider, customer_id, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id) DO UPDATE SET provider = $2, customer_id = $3, updated_at = $4`,
        [owner.tenantId, provider.name, id, now],
      ),
    );
  }
  return provider.createCheckout({
    tenantId: owner.tenantId,
    customerId,
    plan,
    interval,
    email: owner.email,
    successUrl: `${config.publicUrl}/#facturacion=gracias`,
    cancelUrl: `${config.publicUrl}/#facturacion`,
  });
}

/** The provider's portal (change plan or card, invoices, cancel): only once there is a customer. */
export async function openPortal(
  sql: Sql,
  config: BillingConfig,
  tenantId: string,
): Promise<{ url: string }> {
  const row = await readRow(sql, tenantId);
  const provider = providerOf(config, (row?.provider as BillingProviderName | null) ?? null);
  if (!row?.customer_id)
    throw new CloudError("conflict", "not_subscribed", "Todavía no te suscribiste a un plan");
  return provider.createPortal({
    customerId: row.customer_id,
    returnUrl: `${config.publicUrl}/#facturacion`,
  });
}

export async function readRow(sql: Sql, tenantId: string): Promise<BillingRow | undefined> {
  const [row] = await sql.withTenant(tenantId, (q) =>
    q.query<BillingRow>(
      `SELECT trial_ends_at, provider, customer_id, subscription_id, plan, billing_interval, status,
              cancel_at_period_end, current_period_end
       FROM billing_accounts WHERE tenant_id = $1`,
      [tenantId],
    ),
  );
  return row;
}
