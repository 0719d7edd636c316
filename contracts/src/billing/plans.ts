import { type Static, Type } from "@sinclair/typebox";

/**
 * The plans Mostrador sells and what each one entitles a tenant to, in ONE place: the cloud's billing
 * (cloud/src/billing) decides from it, the dashboard shows it, and the appliance will read the same
 * record when entitlements are sent down the shape stream (issue 18, "Entitlements at the edge").
 */

export const PLAN_IDS = ["basico", "profesional", "enterprise"] as const;
export type PlanId = (typeof PLAN_IDS)[number];
export const PlanIdSchema = Type.Union([
  Type.Literal("basico"),
  Type.Literal("profesional"),
  Type.Literal("enterprise"),
]);

export const BILLING_INTERVALS = ["month", "year"] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];
export const BillingIntervalSchema = Type.Union([Type.Literal("month"), Type.Literal("year")]);

/** (Each schema below spells its literals out so TypeBox infers them; a test checks they match the lists.) */

/** The modules a plan switches on. Selling, cash, customers and the shop's own data are never among them. */
export const ENTITLED_MODULES = [
  "stock_purchasing",
  "cards",
  "turnos",
  "fiscal",
  "marketing",
  "iot",
] as const;
export type EntitledModule = (typeof ENTITLED_MODULES)[number];
export const EntitledModuleSchema = Type.Union([
  Type.Literal("stock_purchasing"),
  Type.Literal("cards"),
  Type.Literal("turnos"),
  Type.Literal("fiscal"),
  Type.Literal("marketing"),
  Type.Literal("iot"),
]);

export const LIMIT_KEYS = [
  "stores",
  "tills",
  "devices",
  "api_calls_month",
  "marketing_messages_month",
] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];
export const LimitsSchema = Type.Object(
  {
    stores: Type.Integer({ minimum: 0 }),
    tills: Type.Integer({ minimum: 0 }),
    devices: Type.Integer({ minimum: 0 }),
    api_calls_month: Type.Integer({ minimum: 0 }),
    marketing_messages_month: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type Limits = Static<typeof LimitsSchema>;

export interface PlanEntitlements {
  modules: readonly EntitledModule[];
  limits: Limits;
}

export const PLANS: Readonly<Record<PlanId, PlanEntitlements>> = {
  basico: {
    modules: ["stock_purchasing"],
    limits: { stores: 1, tills: 2, devices: 2, api_calls_month: 10_000, marketing_messages_month: 0 },
  },
  profesional: {
    modules: ["stock_purchasing", "cards", "turnos", "fiscal", "marketing"],
    limits: { stores: 3, tills: 6, devices: 10, api_calls_month: 100_000, marketing_messages_month: 2_000 },
  },
  enterprise: {
    modules: ["stock_purchasing", "cards", "turnos", "fiscal", "marketing", "iot"],
    limits: {
      stores: 50,
      tills: 200,
      devices: 500,
      api_calls_month: 1_000_000,
      marketing_messages_month: 20_000,
    },
  },
};

/** A trial (14 days, no card, from sign-up) tries the profesional plan. */
export const TRIAL_DAYS = 14;
export const TRIAL_PLAN: PlanId = "profesional";

/**
 * What is left when the plan lapses (trial over without subscribing, unpaid, canceled): no extras,
 * the básico plan's limits, so the shop keeps selling and keeps its data (never locked).
 */
export const LAPSED: PlanEntitlements = { modules: [], limits: PLANS.basico.limits };

/** The provider's subscription states (Stripe's names; Mercado Pago's preapproval maps onto them). */
export const SUBSCRIPTION_STATUSES = [
  "trialing",
  "active",
  "past_due",
  "unpaid",
  "canceled",
  "incomplete",
  "incomplete_expired",
  "paused",
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const SubscriptionStatusSchema = Type.Union([
  Type.Literal("trialing"),
  Type.Literal("active"),
  Type.Literal("past_due"),
  Type.Literal("unpaid"),
  Type.Literal("canceled"),
  Type.Literal("incomplete"),
  Type.Literal("incomplete_expired"),
  Type.Literal("paused"),
]);

/**
 * A tenant's entitlements at one moment: a plain, canonical record (sorted modules, integer limits,
 * ISO times) so the cloud can sign it and send it down the shape stream later, and the appliance can
 * check the signature and keep it for the grace period. `issuedAt` is the cloud's time.
 */
export const EntitlementRecordSchema = Type.Object(
  {
    tenantId: Type.String(),
    plan: Type.Union([PlanIdSchema, Type.Null()]),
    /** Why the extras are on or off: the subscription's state, or "trial" / "trial_expired" / "none". */
    standing: Type.String(),
    modules: Type.Array(EntitledModuleSchema),
    limits: LimitsSchema,
    /** ISO 8601 UTC. */
    issuedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type EntitlementRecord = Static<typeof EntitlementRecordSchema>;

/** States where the paid plan's extras stay on: a trial, paid, or retries still running (banner only). */
export function keepsExtras(status: SubscriptionStatus): boolean {
  return status === "trialing" || status === "active" || status === "past_due";
}

/** Who charges the plan: Stripe in USD (card), Mercado Pago's subscriptions (preapproval) in ARS. */
export const BILLING_PROVIDERS = ["stripe", "mercadopago"] as const;
export type BillingProviderName = (typeof BILLING_PROVIDERS)[number];
export const BillingProviderSchema = Type.Union([Type.Literal("stripe"), Type.Literal("mercadopago")]);

/**
 * What each plan costs in pesos through Mercado Pago, in integer centavos per period (the yearly price is
 * ten months'). Stripe's USD prices live in Stripe (found by lookup_key); Mercado Pago's preapproval has no
 * price object, so the amount is sent with each subscription and changed on it when the plan changes.
 */
export const PLAN_PRICES_ARS: Readonly<Record<PlanId, Readonly<Record<BillingInterval, number>>>> = {
  basico: { month: 1_500_000, year: 15_000_000 },
  profesional: { month: 3_500_000, year: 35_000_000 },
  enterprise: { month: 9_000_000, year: 90_000_000 },
};
