import { type Static, Type } from "@sinclair/typebox";
import {
  BillingIntervalSchema,
  BillingProviderSchema,
  EntitledModuleSchema,
  LimitsSchema,
  PlanIdSchema,
  SubscriptionStatusSchema,
} from "../billing/plans.js";
import { Closed, Instant, Int, Nullable } from "./fields.js";

/**
 * The owner's "Plan y facturación" (cloud/src/billing): the tenant's plan and its state, subscribing
 * through the provider's checkout and managing it in the provider's portal.
 */

/** How the dashboard shows the account: "trial", a subscription state, "trial_expired", or "none". */
export const BillingStanding = Type.Union([
  Type.Literal("trial"),
  Type.Literal("trial_expired"),
  Type.Literal("none"),
  SubscriptionStatusSchema,
]);
export type BillingStanding = Static<typeof BillingStanding>;

/** GET /v1/billing (owner or manager). */
export const BillingAnswer = Type.Object(
  {
    standing: BillingStanding,
    plan: Nullable(PlanIdSchema),
    interval: Nullable(BillingIntervalSchema),
    /** Whole days left of the trial (0 on its last day), null when not in trial. */
    trialDaysLeft: Nullable(Int),
    trialEndsAt: Nullable(Instant),
    currentPeriodEnd: Nullable(Instant),
    cancelAtPeriodEnd: Type.Boolean(),
    /** "past_due" shows the dunning banner; "lapsed" says the extras are off. Null: nothing to say. */
    banner: Nullable(Type.Union([Type.Literal("past_due"), Type.Literal("lapsed")])),
    modules: Type.Array(EntitledModuleSchema),
    limits: LimitsSchema,
    /** Whether checkout and the portal are available (a provider is configured). */
    canSubscribe: Type.Boolean(),
    canManage: Type.Boolean(),
    /** The providers this server offers, in the order the dashboard lists them (only configured ones). */
    providers: Type.Array(BillingProviderSchema),
    /** Who charges the tenant's subscription (Stripe: its portal manages it; Mercado Pago: our own buttons). */
    provider: Nullable(BillingProviderSchema),
  },
  Closed,
);
export type BillingAnswer = Static<typeof BillingAnswer>;

/** POST /v1/billing/checkout (owner): the plan to subscribe to. */
export const CheckoutBody = Type.Object(
  {
    plan: PlanIdSchema,
    interval: BillingIntervalSchema,
    /** Stripe (USD, card) or Mercado Pago (ARS); absent: Stripe if configured, else Mercado Pago. */
    provider: Type.Optional(BillingProviderSchema),
  },
  Closed,
);
export type CheckoutBody = Static<typeof CheckoutBody>;

/** Where to send the owner: the provider's checkout or portal page (short-lived; a bearer secret). */
export const BillingRedirect = Type.Object({ url: Type.String() }, Closed);
export type BillingRedirect = Static<typeof BillingRedirect>;

/** The webhook's answer to the provider. */
export const BillingWebhookAnswer = Type.Object({ received: Type.Boolean() }, Closed);
export type BillingWebhookAnswer = Static<typeof BillingWebhookAnswer>;

/**
 * POST /v1/billing/plan (owner, Mercado Pago subscriptions): the new plan, charged from the next payment
 * on (the period stays; Mercado Pago neither prorates nor changes a subscription's frequency).
 */
export const ChangePlanBody = Type.Object({ plan: PlanIdSchema }, Closed);
export type ChangePlanBody = Static<typeof ChangePlanBody>;
