import {
  BILLING_INTERVALS,
  type BillingInterval,
  PLAN_IDS,
  type PlanId,
  SUBSCRIPTION_STATUSES,
  type SubscriptionStatus,
} from "@mostrador/contracts/billing/plans";
import Stripe from "stripe";
import { BadWebhookSignature, type BillingProvider, type ProviderSubscription } from "./provider.js";

export interface StripeSettings {
  secretKey: string;
  /** The webhook endpoint's signing secret (`whsec_…`). */
  webhookSecret: string;
  /** Where the API is (tests: the local fake Stripe); Stripe's own when absent. */
  api?: { host: string; port: number; protocol: "http" | "https" };
  /** Test mode only: new customers join this test clock, so time can be advanced for them. */
  testClock?: string;
}

/** The seconds Stripe allows between signing and checking a webhook (stripe-node's DEFAULT_TOLERANCE). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Our plans are prices found by lookup_key, so a price changed in Stripe's Dashboard needs no deploy. */
export const lookupKeyOf = (plan: PlanId, interval: BillingInterval) => `mostrador_${plan}_${interval}`;

function planOfLookupKey(key: string | null | undefined): { plan: PlanId; interval: BillingInterval } | null {
  const match = /^mostrador_([a-z]+)_([a-z]+)$/.exec(key ?? "");
  const plan = PLAN_IDS.find((p) => p === match?.[1]);
  const interval = BILLING_INTERVALS.find((i) => i === match?.[2]);
  return plan && interval ? { plan, interval } : null;
}

const statusOf = (status: string): SubscriptionStatus =>
  SUBSCRIPTION_STATUSES.find((s) => s === status) ?? "incomplete";

/** The billing provider over the real stripe-node client (USD). */
export function stripeProvider(settings: StripeSettings): BillingProvider {
  const stripe = new Stripe(settings.secretKey, {
    maxNetworkRetries: 2,
    ...(settings.api ?? {}),
  });
  const priceIds = new Map<string, string>();

  async function priceIdOf(plan: PlanId, interval: BillingInterval): Promise<string> {
    const key = lookupKeyOf(plan, interval);
    const cached = priceIds.get(key);
    if (cached) return cached;
    const prices = await stripe.prices.list({ lookup_keys: [key], active: true });
    const price = prices.data[0];
    if (!price) throw new Error(`Stripe has no active price with lookup_key ${key}`);
    priceIds.set(key, price.id);
    return price.id;
  }

  return {
    name: "stripe",
    async createCustomer({ tenantId, email, name }) {
      const customer = await stripe.customers.create(
        {
          email,
          name,
          metadata: { tenant_id: tenantId },
          ...(settings.testClock ? { test_clock: settings.testClock } : {}),
        },
        // One customer per tenant even when the owner clicks twice.
        { idempotencyKey: `customer-${tenantId}` },
      );
      return customer.id;
    },
    async createCheckout({ tenantId, customerId, plan, interval, successUrl, cancelUrl }) {
      const session = await stripe.checkout.sessions.create({
        mode: "subscription",
        customer: customerId,
        client_reference_id: tenantId,
        line_items: [{ price: await priceIdOf(plan, interval), quantity: 1 }],
        subscription_data: { metadata: { tenant_id: tenantId } },
        metadata: { tenant_id: tenantId },
        success_url: successUrl,
        cancel_url: cancelUrl,
      });
      if (!session.url) throw new Error("Stripe answered a checkout session without url");
      return { url: session.url };
    },
    async createPortal({ customerId, returnUrl }) {
      const session = await stripe.billingPortal.sessions.create({
        customer: customerId,
        return_url: returnUrl,
      });
      return { url: session.url };
    },
    async cancelSubscription(subscriptionId) {
      await stripe.subscriptions.cancel(subscriptionId);
    },
    async getSubscription(subscriptionId): Promise<ProviderSubscription> {
      const sub = await stripe.subscriptions.retrieve(subscriptionId);
      const item = sub.items.data[0];
      const named = planOfLookupKey(item?.price.lookup_key);
      return {
        id: sub.id,
        customerId: typeof sub.customer === "string" ? sub.customer : sub.customer.id,
        status: statusOf(sub.status),
        plan: named?.plan ?? null,
        interval: named?.interval ?? null,
        cancelAtPeriodEnd: sub.cancel_at_period_end,
        currentPeriodEnd: item ? new Date(item.current_period_end * 1000) : null,
        tenantId: sub.metadata?.tenant_id ?? null,
        price:
          item?.price.unit_amount != null
            ? { unitAmount: item.price.unit_amount, currency: item.price.currency.toUpperCase() }
            : null,
      };
    },
    readWebhook(rawBody, signature, now) {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          rawBody,
          signature ?? "",
          settings.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
          undefined,
          now.getTime(),
        );
      } catch (err) {
        throw new BadWebhookSignature((err as Error).message);
      }
      const object = event.data.object as unknown as Record<string, unknown>;
      const idOf = (value: unknown) =>
        typeof value === "string" ? value : ((value as { id?: string } | null)?.id ?? null);
      let subscriptionId: string | null = null;
      if (event.type.startsWith("customer.subscription.")) subscriptionId = idOf(object.id);
      else if (event.type.startsWith("checkout.session.")) subscriptionId = idOf(object.subscription);
      else if (event.type.startsWith("invoice."))
        subscriptionId =
          idOf(
            (object.parent as { subscription_details?: { subscription?: unknown } } | null)
              ?.subscription_details?.subscription,
          ) ?? idOf(object.subscription);
      return { eventId: event.id, type: event.type, subscriptionId, customerId: idOf(object.customer) };
    },
  };
}
