import type { OperatorTenant } from "@mostrador/contracts/http/cloud-operator";
import { standingOf, type BillingRow } from "../billing/standing.js";
import type { Queryable } from "../db/sql.js";
import type { HistoryPoint, TrialStart } from "./metrics.js";
import { TRIAL_DAYS } from "@mostrador/contracts/billing/plans";

interface TenantRow extends Partial<BillingRow> {
  id: string;
  name: string;
  rubro: string | null;
  created_at: Date;
  has_billing: boolean;
  currency: string | null;
  mrr: string | number | null;
  stores: number;
}

/**
 * Every tenant with its billing standing, MRR (its last applied state's), stores and appliances with
 * their last contact. Runs as mostrador_operator (its SELECT-only policies), never as a tenant.
 */
export async function listTenants(q: Queryable, now: Date): Promise<OperatorTenant[]> {
  const rows = await q.query<TenantRow>(
    `SELECT o.id, o.name, o.rubro, o.created_at,
            b.tenant_id IS NOT NULL AS has_billing, b.trial_ends_at, b.provider, b.customer_id,
            b.subscription_id, b.plan, b.billing_interval, b.status, coalesce(b.cancel_at_period_end, false)
              AS cancel_at_period_end, b.current_period_end,
            h.currency, h.mrr,
            (SELECT count(*) FROM stores s WHERE s.tenant_id = o.id) AS stores
     FROM organizations o
     LEFT JOIN billing_accounts b ON b.tenant_id = o.id
     LEFT JOIN LATERAL (
       SELECT currency, mrr FROM billing_subscription_history h
       WHERE h.tenant_id = o.id ORDER BY applied_at DESC, id DESC LIMIT 1
     ) h ON true
     ORDER BY o.created_at DESC, o.id`,
  );
  const appliances = await q.query<{
    id: string;
    tenant_id: string;
    name: string;
    store_name: string;
    last_seen_at: Date | null;
    revoked_at: Date | null;
  }>(
    `SELECT a.id, a.tenant_id, a.name, s.name AS store_name, a.last_seen_at, a.revoked_at
     FROM appliances a JOIN stores s ON s.tenant_id = a.tenant_id AND s.id = a.store_id
     ORDER BY a.last_seen_at DESC NULLS LAST, a.name`,
  );
  return rows.map((r) => {
    const standing = standingOf(r.has_billing ? (r as BillingRow) : undefined, now);
    const own = appliances.filter((a) => a.tenant_id === r.id);
    const seen = own.map((a) => a.last_seen_at).filter((d): d is Date => d !== null);
    const last = seen.length ? new Date(Math.max(...seen.map((d) => d.getTime()))) : null;
    return {
      id: r.id,
      name: r.name,
      rubro: r.rubro,
      createdAt: r.created_at.toISOString(),
      standing: standing.standing,
      plan: standing.plan,
      interval: standing.interval,
      currency: r.currency,
      mrr: r.status ? Number(r.mrr ?? 0) : 0,
      stores: Number(r.stores),
      appliances: own.map((a) => ({
        id: a.id,
        name: a.name,
        storeName: a.store_name,
        lastSeenAt: a.last_seen_at?.toISOString() ?? null,
        revokedAt: a.revoked_at?.toISOString() ?? null,
      })),
      lastContactAt: last?.toISOString() ?? null,
    };
  });
}

/** The whole history of applied subscription states, across tenants (the metrics' input). */
export async function readHistory(q: Queryable): Promise<HistoryPoint[]> {
  const rows = await q.query<{ tenant_id: string; applied_at: Date; currency: string; mrr: string | number }>(
    "SELECT tenant_id, applied_at, currency, mrr FROM billing_subscription_history ORDER BY applied_at, id",
  );
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    appliedAt: r.applied_at,
    currency: r.currency,
    mrr: Number(r.mrr),
  }));
}

/** Trials as started at sign-up: their end less the trial's length. */
export async function readTrials(q: Queryable): Promise<TrialStart[]> {
  const rows = await q.query<{ tenant_id: string; trial_ends_at: Date }>(
    "SELECT tenant_id, trial_ends_at FROM billing_accounts WHERE trial_ends_at IS NOT NULL",
  );
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    startedAt: new Date(r.trial_ends_at.getTime() - TRIAL_DAYS * 86_400_000),
  }));
}
