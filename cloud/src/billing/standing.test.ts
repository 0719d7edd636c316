import { EntitlementRecordSchema, PLANS } from "@mostrador/contracts/billing/plans";
import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import { entitlementRecordOf, type BillingRow, standingOf } from "./standing.js";

const start = new Date("2026-03-02T12:00:00Z");
const DAY = 86_400_000;
const trialRow: BillingRow = {
  trial_ends_at: new Date(start.getTime() + 14 * DAY),
  provider: null,
  customer_id: null,
  subscription_id: null,
  plan: null,
  billing_interval: null,
  status: null,
  cancel_at_period_end: false,
  current_period_end: null,
};
const at = (days: number) => new Date(start.getTime() + days * DAY);

describe("standingOf", () => {
  it("counts the trial's days down to 0 on its last day, then turns the extras off", () => {
    expect(standingOf(trialRow, at(0)).trialDaysLeft).toBe(14);
    expect(standingOf(trialRow, at(13.5))).toMatchObject({ standing: "trial", trialDaysLeft: 0 });
    const after = standingOf(trialRow, at(14));
    expect(after).toMatchObject({ standing: "trial_expired", banner: "lapsed", modules: [], plan: null });
    expect(after.limits).toEqual(PLANS.basico.limits);
  });

  it("keeps the plan's extras while past_due and drops them when unpaid or canceled", () => {
    const paid = {
      ...trialRow,
      subscription_id: "sub_1",
      plan: "enterprise" as const,
      billing_interval: "year" as const,
    };
    expect(standingOf({ ...paid, status: "past_due" }, at(40)).modules).toContain("iot");
    for (const status of ["unpaid", "canceled", "incomplete_expired", "paused"] as const)
      expect(standingOf({ ...paid, status }, at(40))).toMatchObject({ banner: "lapsed", modules: [] });
  });

  it("ends a subscription cancelled at its period's end once the end passes, with no webhook", () => {
    const cancelling = {
      ...trialRow,
      provider: "mercadopago",
      subscription_id: "2c9380847e",
      status: "active" as const,
      plan: "profesional" as const,
      billing_interval: "month" as const,
      cancel_at_period_end: true,
      current_period_end: at(30),
    };
    expect(standingOf(cancelling, at(29))).toMatchObject({ standing: "active", banner: null });
    expect(standingOf(cancelling, at(29)).modules).toContain("turnos");
    expect(standingOf(cancelling, at(30))).toMatchObject({
      standing: "canceled",
      banner: "lapsed",
      modules: [],
    });
    expect(standingOf({ ...cancelling, cancel_at_period_end: false }, at(31)).standing).toBe("active");
  });

  it("leaves tenants created before billing with every module and no banner", () => {
    expect(standingOf(undefined, at(0))).toMatchObject({
      standing: "none",
      banner: null,
      modules: [...PLANS.enterprise.modules].sort(),
    });
  });

  it("builds an entitlement record the edge's schema accepts, with no plan once lapsed", () => {
    const record = entitlementRecordOf("0190a0a0-0000-7000-8000-000000000001", trialRow, at(20));
    expect(Value.Errors(EntitlementRecordSchema, record).First()).toBeUndefined();
    expect(record).toMatchObject({ plan: null, standing: "trial_expired", modules: [] });
  });
});
