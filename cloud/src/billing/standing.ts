import {
  type EntitlementRecord,
  keepsExtras,
  LAPSED,
  type PlanEntitlements,
  PLANS,
  type SubscriptionStatus,
  TRIAL_PLAN,
} from "@mostrador/contracts/billing/plans";
import type { BillingAnswer } from "@mostrador/contracts/http/cloud-billing";

/** A tenant's billing_accounts row, as read. */
export interface BillingRow {
  trial_ends_at: Date | null;
  provider: string | null;
  customer_id: string | null;
  subscription_id: string | null;
  plan: keyof typeof PLANS | null;
  billing_interval: "month" | "year" | null;
  status: SubscriptionStatus | null;
  cancel_at_period_end: boolean;
  current_period_end: Date | null;
}

const DAY_MS = 86_400_000;

/**
 * Tenants with no billing row were created by the operator's CLI or before billing existed: they are
 * not billed and keep every module (as before billing); the operator's console will move them.
 */
const UNBILLED: PlanEntitlements = PLANS.enterprise;

type Standing = Omit<BillingAnswer, "canSubscribe" | "canManage" | "providers" | "provider">;

/** What the tenant is entitled to now, and what the dashboard says about it. */
export function standingOf(row: BillingRow | undefined, now: Date): Standing {
  const base = {
    plan: null,
    interval: null,
    trialDaysLeft: null,
    trialEndsAt: null,
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    banner: null,
  } as const;
  if (!row) return { ...base, standing: "none", ...copy(UNBILLED) };
  if (row.status) {
    const status = endedAt(row, now) ? "canceled" : row.status;
    const entitlements = keepsExtras(status) && row.plan ? PLANS[row.plan] : LAPSED;
    return {
      ...base,
      standing: status,
      plan: row.plan,
      interval: row.billing_interval,
      currentPeriodEnd: row.current_period_end?.toISOString() ?? null,
      cancelAtPeriodEnd: row.cancel_at_period_end,
      banner: status === "past_due" ? "past_due" : keepsExtras(status) ? null : "lapsed",
      ...copy(entitlements),
    };
  }
  if (row.trial_ends_at && row.trial_ends_at > now)
    return {
      ...base,
      standing: "trial",
      plan: TRIAL_PLAN,
      trialEndsAt: row.trial_ends_at.toISOString(),
      trialDaysLeft: Math.floor((row.trial_ends_at.getTime() - now.getTime()) / DAY_MS),
      ...copy(PLANS[TRIAL_PLAN]),
    };
  if (row.trial_ends_at)
    return {
      ...base,
      standing: "trial_expired",
      trialEndsAt: row.trial_ends_at.toISOString(),
      banner: "lapsed",
      ...copy(LAPSED),
    };
  return { ...base, standing: "none", ...copy(UNBILLED) };
}

/**
 * A subscription cancelled at its period's end is over once that end passes, whether or not a webhook
 * says so: Stripe sends one, Mercado Pago (which cancels at once; billing keeps the paid period) does not.
 */
function endedAt(row: BillingRow, now: Date): boolean {
  return Boolean(
    row.status &&
    keepsExtras(row.status) &&
    row.cancel_at_period_end &&
    row.current_period_end &&
    row.current_period_end <= now,
  );
}

const copy = (e: PlanEntitlements) => ({ modules: [...e.modules].sort(), limits: { ...e.limits } });

/** The record the edge will receive, signed, through the shape stream (not sent down yet). */
export function entitlementRecordOf(
  tenantId: string,
  row: BillingRow | undefined,
  now: Date,
): EntitlementRecord {
  const s = standingOf(row, now);
  return {
    tenantId,
    plan: s.modules.length ? s.plan : null,
    standing: s.standing,
    modules: s.modules,
    limits: s.limits,
    issuedAt: now.toISOString(),
  };
}
