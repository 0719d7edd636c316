import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import {
  BILLING_INTERVALS,
  BILLING_PROVIDERS,
  BillingIntervalSchema,
  BillingProviderSchema,
  ENTITLED_MODULES,
  EntitledModuleSchema,
  LAPSED,
  PLAN_IDS,
  PlanIdSchema,
  PLAN_PRICES_ARS,
  PLANS,
  SUBSCRIPTION_STATUSES,
  SubscriptionStatusSchema,
} from "./plans.js";

describe("plans", () => {
  it("spells each schema's literals exactly as its list", () => {
    for (const [list, schema] of [
      [PLAN_IDS, PlanIdSchema],
      [BILLING_INTERVALS, BillingIntervalSchema],
      [ENTITLED_MODULES, EntitledModuleSchema],
      [SUBSCRIPTION_STATUSES, SubscriptionStatusSchema],
      [BILLING_PROVIDERS, BillingProviderSchema],
    ] as const) {
      expect(schema.anyOf.map((s) => s.const)).toEqual([...list]);
      expect(Value.Check(schema, "otra-cosa")).toBe(false);
    }
  });

  it("gives each plan at least what the one below it gives, and a lapsed plan no extras", () => {
    const { basico, profesional, enterprise } = PLANS;
    for (const [lower, higher] of [
      [basico, profesional],
      [profesional, enterprise],
    ] as const) {
      expect(lower.modules.every((m) => higher.modules.includes(m))).toBe(true);
      for (const key of Object.keys(lower.limits) as (keyof typeof lower.limits)[])
        expect(higher.limits[key]).toBeGreaterThanOrEqual(lower.limits[key]);
    }
    expect(LAPSED.modules).toEqual([]);
  });

  it("prices every plan in whole positive centavos of pesos, each plan above the one below it", () => {
    for (const interval of BILLING_INTERVALS) {
      const prices = PLAN_IDS.map((plan) => PLAN_PRICES_ARS[plan][interval]);
      expect(prices.every((p) => Number.isSafeInteger(p) && p > 0)).toBe(true);
      expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    }
  });
});
