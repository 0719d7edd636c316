import { type Static, Type } from "@sinclair/typebox";
import {
  BillingIntervalSchema,
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
  },
  Closed,
);
export type BillingAnswer = Static<typeof BillingAnswer>;

/** POST /v1/billing/checkout (owner): the plan to subscribe to. */
export const CheckoutBody = Type.Object({ plan: PlanIdSchema, interval: BillingIntervalSchema }, Closed);
export type CheckoutBody = Static<typeof CheckoutBody>;

/** Where to send the owner: the provider's checkout or portal page (short-lived; a bearer secret). */
export const BillingRedirect = Type.Object({ url: Type.String() }, Closed);
export type BillingRedirect = Static<typeof BillingRedirect>;

/** The webhook's answer to the provider. */
export const BillingWebhookAnswer = Type.Object({ received: Type.Boolean() }, Closed);
export type BillingWebhookAnswer = Static<typeof BillingWebhookAnswer>;
