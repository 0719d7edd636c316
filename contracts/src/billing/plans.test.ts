import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import {
  BILLING_INTERVALS,
  BillingIntervalSchema,
  ENTITLED_MODULES,
  EntitledModuleSchema,
  LAPSED,
  PLAN_IDS,
  PlanIdSchema,
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
});
