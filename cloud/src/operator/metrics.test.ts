import { describe, expect, it } from "vitest";
import { metricsByCurrency, trialConversion, type HistoryPoint } from "./metrics.js";
import { monthKeyAt, monthsBetween } from "./months.js";

const at = (iso: string) => new Date(iso);
const usd = (tenantId: string, iso: string, mrr: number): HistoryPoint => ({
  tenantId,
  appliedAt: at(iso),
  currency: "USD",
  mrr,
});

// A scripted quarter: two sign up in January, one more (yearly enterprise) in February while A
// upgrades, then in March B downgrades, C cancels and A falls past due (still counted: retries run).
const history: HistoryPoint[] = [
  usd("A", "2026-01-10T12:00:00Z", 1_900),
  usd("B", "2026-01-20T12:00:00Z", 4_900),
  usd("C", "2026-02-05T12:00:00Z", 12_417),
  usd("A", "2026-02-15T12:00:00Z", 4_900),
  usd("B", "2026-03-03T12:00:00Z", 1_900),
  usd("C", "2026-03-10T12:00:00Z", 0),
  usd("A", "2026-03-12T12:00:00Z", 4_900),
  { tenantId: "D", appliedAt: at("2026-03-01T12:00:00Z"), currency: "ARS", mrr: 1_500_000 },
];

describe("MRR metrics by month", () => {
  const months = monthsBetween("2026-01", "2026-03");

  it("computes new, expansion, contraction and churned MRR, churn rates, ARPA and LTV exactly", () => {
    const [ars, usdFigures] = metricsByCurrency(history, months);
    expect(usdFigures?.currency).toBe("USD");
    expect(usdFigures?.months).toEqual([
      {
        month: "2026-01",
        mrr: 6_800,
        newMrr: 6_800,
        expansionMrr: 0,
        contractionMrr: 0,
        churnedMrr: 0,
        customers: 2,
        newCustomers: 2,
        churnedCustomers: 0,
        logoChurn: null,
        revenueChurn: null,
        arpa: 3_400,
        ltv: null,
      },
      {
        month: "2026-02",
        mrr: 22_217,
        newMrr: 12_417,
        expansionMrr: 3_000,
        contractionMrr: 0,
        churnedMrr: 0,
        customers: 3,
        newCustomers: 1,
        churnedCustomers: 0,
        logoChurn: 0,
        revenueChurn: 0,
        arpa: 7_406,
        ltv: null,
      },
      {
        month: "2026-03",
        mrr: 6_800,
        newMrr: 0,
        expansionMrr: 0,
        contractionMrr: 3_000,
        churnedMrr: 12_417,
        customers: 2,
        newCustomers: 0,
        churnedCustomers: 1,
        logoChurn: 3_333,
        revenueChurn: 6_939,
        arpa: 3_400,
        ltv: 10_200,
      },
    ]);
    // Pesos are their own series: never added to dollars.
    expect(ars?.currency).toBe("ARS");
    expect(ars?.months.map((m) => m.mrr)).toEqual([0, 0, 1_500_000]);
  });

  it("counts a change undone within the month as no movement", () => {
    const [figures] = metricsByCurrency(
      [usd("A", "2026-01-10T12:00:00Z", 1_900), usd("A", "2026-01-20T12:00:00Z", 0)],
      months,
    );
    expect(figures?.months[0]).toMatchObject({ mrr: 0, newMrr: 0, churnedMrr: 0, customers: 0 });
  });

  it("puts a change on the last evening of a month in that month, Argentina's time", () => {
    expect(monthKeyAt(at("2026-02-01T02:30:00Z"))).toBe("2026-01");
    const [figures] = metricsByCurrency([usd("A", "2026-02-01T02:30:00Z", 1_900)], months);
    expect(figures?.months.map((m) => m.newMrr)).toEqual([1_900, 0, 0]);
  });

  it("converts trials by the month they started: those that have paid since", () => {
    const trials = [
      { tenantId: "A", startedAt: at("2025-12-28T12:00:00Z") },
      { tenantId: "B", startedAt: at("2026-01-06T12:00:00Z") },
      { tenantId: "E", startedAt: at("2026-01-09T12:00:00Z") },
    ];
    expect(trialConversion(trials, history, monthsBetween("2025-12", "2026-02"))).toEqual([
      { month: "2025-12", started: 1, converted: 1, conversion: 10_000 },
      { month: "2026-01", started: 2, converted: 1, conversion: 5_000 },
      { month: "2026-02", started: 0, converted: 0, conversion: null },
    ]);
  });
});
