import type { MonthMetrics, TrialMonth } from "@mostrador/contracts/http/cloud-operator";
import type { Month } from "./months.js";

/** One applied subscription state (billing_subscription_history), as the metrics need it. */
export interface HistoryPoint {
  tenantId: string;
  appliedAt: Date;
  currency: string;
  /** Minor units this state adds to MRR (0 in a trial or lapsed). */
  mrr: number;
}

export interface TrialStart {
  tenantId: string;
  startedAt: Date;
}

const BASIS = 10_000;
const ratio = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part * BASIS) / whole) : null;

/** Each tenant's MRR at `at`: its last state applied before that instant (none yet: 0). */
function mrrAt(points: readonly HistoryPoint[], at: Date): number {
  let mrr = 0;
  for (const p of points) {
    if (p.appliedAt >= at) break;
    mrr = p.mrr;
  }
  return mrr;
}

/**
 * Monthly SaaS figures of ONE currency from the history of subscription states, by comparing each
 * tenant's MRR at the month's start and end (a change undone within the month does not count):
 * 0 → x is new, x → more expansion, x → less contraction, x → 0 churned. Logo churn is the customers
 * lost over those paying at the start; revenue churn the churned plus contraction MRR over the MRR at
 * the start; ARPA the MRR over paying customers at the end; LTV the ARPA over the logo churn rate.
 */
export function monthlyMetrics(history: readonly HistoryPoint[], months: readonly Month[]): MonthMetrics[] {
  const byTenant = new Map<string, HistoryPoint[]>();
  for (const p of [...history].sort((a, b) => a.appliedAt.getTime() - b.appliedAt.getTime())) {
    const list = byTenant.get(p.tenantId) ?? [];
    list.push(p);
    byTenant.set(p.tenantId, list);
  }
  return months.map((month) => {
    const m = {
      mrr: 0,
      newMrr: 0,
      expansionMrr: 0,
      contractionMrr: 0,
      churnedMrr: 0,
      customers: 0,
      newCustomers: 0,
      churnedCustomers: 0,
    };
    let startMrr = 0;
    let startCustomers = 0;
    for (const points of byTenant.values()) {
      const before = mrrAt(points, month.start);
      const after = mrrAt(points, month.end);
      startMrr += before;
      m.mrr += after;
      if (before > 0) startCustomers += 1;
      if (after > 0) m.customers += 1;
      if (before === 0 && after > 0) {
        m.newMrr += after;
        m.newCustomers += 1;
      } else if (before > 0 && after === 0) {
        m.churnedMrr += before;
        m.churnedCustomers += 1;
      } else if (after > before) m.expansionMrr += after - before;
      else if (after < before) m.contractionMrr += before - after;
    }
    const arpa = m.customers > 0 ? Math.round(m.mrr / m.customers) : null;
    const ltv =
      arpa !== null && m.churnedCustomers > 0
        ? Math.round((arpa * startCustomers) / m.churnedCustomers)
        : null;
    return {
      month: month.key,
      ...m,
      logoChurn: ratio(m.churnedCustomers, startCustomers),
      revenueChurn: ratio(m.churnedMrr + m.contractionMrr, startMrr),
      arpa,
      ltv,
    };
  });
}

/** The currencies present, each computed apart: amounts of two currencies are never added. */
export function metricsByCurrency(
  history: readonly HistoryPoint[],
  months: readonly Month[],
): { currency: string; months: MonthMetrics[] }[] {
  const currencies = [...new Set(history.map((p) => p.currency))].sort();
  return currencies.map((currency) => ({
    currency,
    months: monthlyMetrics(
      history.filter((p) => p.currency === currency),
      months,
    ),
  }));
}

/** Trials started each month, and how many of those tenants have had a paying state since. */
export function trialConversion(
  trials: readonly TrialStart[],
  history: readonly HistoryPoint[],
  months: readonly Month[],
): TrialMonth[] {
  const paid = new Set(history.filter((p) => p.mrr > 0).map((p) => p.tenantId));
  return months.map((month) => {
    const started = trials.filter((t) => t.startedAt >= month.start && t.startedAt < month.end);
    const converted = started.filter((t) => paid.has(t.tenantId)).length;
    return {
      month: month.key,
      started: started.length,
      converted,
      conversion: ratio(converted, started.length),
    };
  });
}
