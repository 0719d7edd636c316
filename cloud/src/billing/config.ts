import type { BillingProviderName } from "@mostrador/contracts/billing/plans";
import { mercadoPagoBillingProvider } from "./mercadopago-provider.js";
import type { BillingProvider } from "./provider.js";
import { stripeProvider } from "./stripe-provider.js";

/** What the billing module is given at composition (cloud/src/modules.ts). */
export interface BillingConfig {
  /** Stripe (USD, card). Null: not configured (subscribing says so; trials and states still work). */
  provider: BillingProvider | null;
  /** Mercado Pago's subscriptions (ARS). Absent or null: not configured. */
  mercadopago?: BillingProvider | null;
  /** CLOUD_PUBLIC_URL: where Checkout and the portal send the owner back, and the emails' links. */
  publicUrl: string;
}

/**
 * STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (both, or no Stripe); MOSTRADOR_MP_ACCESS_TOKEN and
 * MOSTRADOR_MP_WEBHOOK_SECRET (both, or no Mercado Pago). Either, both or none.
 */
export function billingConfigFromEnv(env: NodeJS.ProcessEnv, publicUrl: string): BillingConfig {
  const secretKey = env.STRIPE_SECRET_KEY;
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET;
  const mpToken = env.MOSTRADOR_MP_ACCESS_TOKEN;
  const mpSecret = env.MOSTRADOR_MP_WEBHOOK_SECRET;
  return {
    provider: secretKey && webhookSecret ? stripeProvider({ secretKey, webhookSecret }) : null,
    mercadopago:
      mpToken && mpSecret
        ? mercadoPagoBillingProvider({ accessToken: mpToken, webhookSecret: mpSecret })
        : null,
    publicUrl,
  };
}

/** The configured providers, in the order the dashboard offers them (pesos first: most shops are in Argentina). */
export function providersOf(config: BillingConfig): BillingProvider[] {
  return [config.mercadopago, config.provider].filter((p): p is BillingProvider => Boolean(p));
}

export function providerNamed(config: BillingConfig, name: BillingProviderName | null | undefined) {
  return providersOf(config).find((p) => p.name === name) ?? null;
}
