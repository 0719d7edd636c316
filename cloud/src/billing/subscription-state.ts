import { keepsExtras } from "@mostrador/contracts/billing/plans";
import type { Queryable } from "../db/sql.js";
import { enqueueAccountMail } from "../messaging/account-mail.js";
import { dunningMail } from "./dunning-mail.js";
import { issueEntitlements } from "./entitlements/issue.js";
import type { ProviderSubscription } from "./provider.js";
import type { BillingRow } from "./standing.js";
import { recordSubscriptionHistory } from "./subscription-history.js";

export type Applied = "applied" | "unchanged" | "not_ours" | "stale" | "unknown_plan" | "not_started";

/**
 * Writes the subscription AS THE PROVIDER HAS IT NOW into the tenant's row. Idempotent by
 * construction: it stores a state, not a change, so a replay writes the same row and an old event
 * re-read now writes today's state. Owners are emailed on dunning, each email once (its dedupe key).
 * A subscription of another customer is not ours; an ended one does not overwrite a live newer one.
 * One whose checkout is still open (nothing authorized yet: Mercado Pago's pending preapproval) is not
 * written over a row without it, so opening the provider's page never ends a trial.
 */
export async function applySubscription(
  q: Queryable,
  tenantId: string,
  provider: string,
  sub: ProviderSubscription,
  now: Date,
  publicUrl: string,
): Promise<Applied> {
  sub = endedByNow(sub, now);
  const [row] = await q.query<BillingRow>(
    `SELECT trial_ends_at, provider, customer_id, subscription_id, plan, billing_interval, status,
            cancel_at_period_end, current_period_end
     FROM billing_accounts WHERE tenant_id = $1 FOR UPDATE`,
    [tenantId],
  );
  if (!row || (row.customer_id !== sub.customerId && !sub.customerVerified)) return "not_ours";
  if (!sub.plan || !sub.interval) return "unknown_plan";
  if (sub.status === "incomplete" && row.subscription_id !== sub.id) return "not_started";
  const liveOther =
    row.subscription_id && row.subscription_id !== sub.id && row.status && keepsExtras(row.status);
  if (liveOther && !keepsExtras(sub.status)) return "stale";
  const same =
    row.customer_id === sub.customerId &&
    row.subscription_id === sub.id &&
    row.status === sub.status &&
    row.plan === sub.plan &&
    row.billing_interval === sub.interval &&
    row.cancel_at_period_end === sub.cancelAtPeriodEnd &&
    row.current_period_end?.getTime() === sub.currentPeriodEnd?.getTime();
  if (!same) {
    await q.query(
      `UPDATE billing_accounts SET provider = $2, subscription_id = $3, status = $4, plan = $5,
         billing_interval = $6, cancel_at_period_end = $7, current_period_end = $8, updated_at = $9,
         customer_id = $10
       WHERE tenant_id = $1`,
      [
        tenantId,
        provider,
        sub.id,
        sub.status,
        sub.plan,
        sub.interval,
        sub.cancelAtPeriodEnd,
        sub.currentPeriodEnd,
        now,
        sub.customerId,
      ],
    );
    await recordSubscriptionHistory(q, tenantId, provider, sub, now);
  }
  await tellOwners(q, tenantId, sub, now, publicUrl);
  // The edge learns the new standing in the same transaction (its shape row), signed; unchanged: nothing.
  await issueEntitlements(q, tenantId, now, { refreshAfterMs: Number.POSITIVE_INFINITY });
  return same ? "unchanged" : "applied";
}

/** Cancelled at the end of a period that is over: canceled, whatever the provider still calls it. */
function endedByNow(sub: ProviderSubscription, now: Date): ProviderSubscription {
  const over = sub.cancelAtPeriodEnd && sub.currentPeriodEnd && sub.currentPeriodEnd <= now;
  return over && keepsExtras(sub.status) ? { ...sub, status: "canceled" } : sub;
}

async function tellOwners(
  q: Queryable,
  tenantId: string,
  sub: ProviderSubscription,
  now: Date,
  publicUrl: string,
): Promise<void> {
  const owners = await q.query<{ email: string; org: string }>(
    `SELECT a.email, o.name AS org FROM accounts a JOIN organizations o ON o.id = a.tenant_id
     WHERE a.role = 'owner' ORDER BY a.email`,
  );
  for (const owner of owners) {
    const mail = dunningMail(sub.status, sub.id, sub.currentPeriodEnd, owner.org, publicUrl);
    if (!mail) return;
    await enqueueAccountMail(
      q,
      tenantId,
      { email: owner.email, subject: mail.subject, body: mail.body, dedupeKey: mail.key, source: "billing" },
      now,
    );
  }
}
