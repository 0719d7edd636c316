import { canonicalEntitlements } from "@mostrador/contracts/billing/signed-entitlements";
import type { EntitlementRecord } from "@mostrador/contracts/billing/plans";
import { signEntitlements } from "@mostrador/platform/entitlements/signature";
import type { Queryable } from "../../db/sql.js";
import { type BillingRow, entitlementRecordOf } from "../standing.js";
import { entitlementsSigningKey } from "./signing-key.js";

export type Issued = "issued" | "unchanged" | "unbilled";

export interface IssueOptions {
  /** Re-sign an unchanged record when the stored one is older than this (a fresh signed time). */
  refreshAfterMs: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Signs the tenant's entitlement record and stores it in `entitlement_records`, whose shape-log trigger
 * sends it down to every store's appliance. Called in the caller's tenant transaction: after a
 * subscription is applied (webhooks), by the periodic sweep (a trial's end; a fresh `issuedAt` daily) and
 * when an appliance connects to the shape. A record whose content (all but `issuedAt`) did not change is
 * only re-signed once the stored one is `refreshAfterMs` old, so reconnections do not flood the log.
 * Tenants with no billing row get none: their appliances keep every module (as before billing).
 */
export async function issueEntitlements(
  q: Queryable,
  tenantId: string,
  now: Date,
  options: IssueOptions,
): Promise<Issued> {
  const [row] = await q.query<BillingRow>(
    `SELECT trial_ends_at, provider, customer_id, subscription_id, plan, billing_interval, status,
            cancel_at_period_end, current_period_end
     FROM billing_accounts WHERE tenant_id = $1`,
    [tenantId],
  );
  if (!row) return "unbilled";
  const [stored] = await q.query<{ payload: string; issued_at: Date }>(
    "SELECT payload, issued_at FROM entitlement_records WHERE tenant_id = $1 FOR UPDATE",
    [tenantId],
  );
  // The edge keeps only a record newer than its own: two issues within one millisecond (or a clock
  // step back) still go out with strictly increasing signed times.
  const issuedAt =
    stored && stored.issued_at.getTime() >= now.getTime() ? new Date(stored.issued_at.getTime() + 1) : now;
  const record = entitlementRecordOf(tenantId, row, issuedAt);
  if (stored && sameContent(stored.payload, record)) {
    const age = now.getTime() - stored.issued_at.getTime();
    // age < 0: the stored one is newer (a clock step back); never send an older signed time down.
    if (age < options.refreshAfterMs) return "unchanged";
  }
  const signed = signEntitlements(record, await entitlementsSigningKey(q, options.env));
  await q.query(
    `INSERT INTO entitlement_records (tenant_id, id, store_id, payload, signature, key_id, issued_at)
     VALUES ($1, $6, NULL, $2, $3, $4, $5)
     ON CONFLICT (tenant_id) DO UPDATE SET payload = excluded.payload, signature = excluded.signature,
       key_id = excluded.key_id, issued_at = excluded.issued_at`,
    [tenantId, signed.payload, signed.signature, signed.keyId, issuedAt, tenantId],
  );
  return "issued";
}

function sameContent(payload: string, record: EntitlementRecord): boolean {
  let stored: EntitlementRecord;
  try {
    stored = JSON.parse(payload) as EntitlementRecord;
  } catch {
    return false;
  }
  return (
    canonicalEntitlements({ ...stored, issuedAt: "" }) === canonicalEntitlements({ ...record, issuedAt: "" })
  );
}

/** Once a day every record is re-signed with the cloud's time, so the edge's grace counts from today. */
export const DAILY_MS = 86_400_000;
/** An appliance (re)connecting to the shape gets a freshly signed time unless one is a minute old. */
export const ON_CONNECT_MS = 60_000;
