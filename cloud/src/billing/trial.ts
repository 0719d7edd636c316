import { TRIAL_DAYS } from "@mostrador/contracts/billing/plans";
import type { Queryable } from "../db/sql.js";

/**
 * The 14-day trial without a card, started in the sign-up's own transaction (auth/signup.ts): the
 * tenant tries the profesional plan until `trial_ends_at`, then keeps selling without the extras.
 */
export async function startTrial(q: Queryable, tenantId: string, now: Date): Promise<void> {
  const endsAt = new Date(now.getTime() + TRIAL_DAYS * 86_400_000);
  await q.query(
    `INSERT INTO billing_accounts (tenant_id, trial_ends_at, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id) DO NOTHING`,
    [tenantId, endsAt, now],
  );
}
