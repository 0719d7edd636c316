import type { BillingInterval, PlanId, SubscriptionStatus } from "@mostrador/contracts/billing/plans";

/**
 * What billing needs from a payment provider, so Stripe (USD, now) and Mercado Pago's preapproval
 * subscriptions (ARS, mercadopago-provider.ts) drive the same subscription state and the same entitlements. A provider
 * speaks in our plans and states; its own ids (customer, subscription) are kept opaque.
 */
export interface BillingProvider {
  readonly name: "stripe" | "mercadopago";
  /** A customer for the tenant at the provider (once; its id is kept with the subscription). */
  createCustomer(input: { tenantId: string; email: string; name: string }): Promise<string>;
  /** The provider's hosted page to subscribe to a plan; the owner comes back to `successUrl`. */
  createCheckout(input: {
    tenantId: string;
    customerId: string;
    plan: PlanId;
    interval: BillingInterval;
    /** The owner who subscribes (Mercado Pago's preapproval names its payer by email). */
    email: string;
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ url: string }>;
  /** The provider's page to change plan, card or see invoices (short-lived: a bearer secret). */
  createPortal(input: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** The subscription as the provider has it NOW: every webhook is only a reason to ask this. */
  getSubscription(subscriptionId: string): Promise<ProviderSubscription>;
  /**
   * A webhook checked (signature and age against `now`) and reduced to what to re-read; throws
   * `BadWebhookSignature` when it cannot be trusted.
   */
  readWebhook(
    rawBody: string,
    signature: string | undefined,
    now: Date,
    context?: WebhookContext,
  ): WebhookRef;
  /** A charge's subscription, when a webhook names a charge (Mercado Pago's authorized payments). */
  subscriptionOfCharge?(chargeId: string): Promise<string>;
  /**
   * Managed by Mostrador rather than in the provider's portal (Mercado Pago has none): the new plan
   * from the next charge on, and cancelling while keeping the paid period.
   */
  changePlan?(subscriptionId: string, plan: PlanId, interval: BillingInterval): Promise<void>;
  cancelAtPeriodEnd?(subscriptionId: string): Promise<void>;
  /**
   * Ends the subscription now, without proration (closing the account, cloud/src/tenant-data). Its
   * webhook then brings the ended state in like any other. Optional: a provider without it makes
   * closing refuse while a subscription is live.
   */
  cancelSubscription?(subscriptionId: string): Promise<void>;
}

/** What else a webhook request carries that a signature may cover (Mercado Pago signs data.id and x-request-id). */
export interface WebhookContext {
  query: Record<string, string | undefined>;
  requestId: string | undefined;
}

export interface ProviderSubscription {
  id: string;
  customerId: string;
  status: SubscriptionStatus;
  /** Null when its price is none of our plans (refused by billing, logged). */
  plan: PlanId | null;
  interval: BillingInterval | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
  /** Our tenant, as we wrote it in the subscription's metadata at checkout. */
  tenantId: string | null;
  /**
   * The provider itself vouches that `customerId` is the tenant's (Mercado Pago: the reference is an HMAC
   * of the tenant under Mostrador's secret), so the subscription applies even when the tenant's row has
   * since moved to the other provider's customer (a checkout page left open, paid after choosing the other).
   */
  customerVerified?: boolean;
  /**
   * The price per interval in minor units and its ISO currency, as the provider has it: the operator's
   * MRR (subscription-history.ts). Optional so a provider that cannot say still fits (its MRR is then 0).
   */
  price?: { unitAmount: number; currency: string } | null;
}

export interface WebhookRef {
  eventId: string;
  type: string;
  /** The subscription the event is about, if any (the event's own copy is never trusted). */
  subscriptionId: string | null;
  customerId: string | null;
  /** A charge the event is about, whose subscription the provider tells (subscriptionOfCharge). */
  chargeId?: string | null;
}

export class BadWebhookSignature extends Error {
  override name = "BadWebhookSignature";
}

/** The provider does not know that subscription (or charge) for this seller: nothing to apply, ever. */
export class UnknownSubscription extends Error {
  override name = "UnknownSubscription";
}
