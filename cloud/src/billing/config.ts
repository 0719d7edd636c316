import type { BillingProvider } from "./provider.js";
import { stripeProvider } from "./stripe-provider.js";

/** What the billing module is given at composition (cloud/src/modules.ts). */
export interface BillingConfig {
  /** Null: no provider configured (subscribing says so; trials and states still work). */
  provider: BillingProvider | null;
  /** CLOUD_PUBLIC_URL: where Checkout and the portal send the owner back, and the emails' links. */
  publicUrl: string;
}

/** STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (both, or billing runs without a provider). */
export function billingConfigFromEnv(env: NodeJS.ProcessEnv, publicUrl: string): BillingConfig {
  const secretKey = env.STRIPE_SECRET_KEY;
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET;
  return {
    provider: secretKey && webhookSecret ? stripeProvider({ secretKey, webhookSecret }) : null,
    publicUrl,
  };
}
