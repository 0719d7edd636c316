import { grantable, unallocatedCredit, unallocatedPoints } from "@mostrador/contracts/allowances";
import type { AllowanceGrant, AllowanceRequest } from "@mostrador/contracts/http/cloud-accounts";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";

/** How long a grant may be spent before its store hands back what is left of it. */
export const GRANT_DAYS = 30;

/** Per store: what it holds of the customer's credit or points (its own entries plus the grants it got). */
export async function holdings(
  q: Queryable,
  customerId: string,
  kind: "credit" | "points",
): Promise<Map<string, number>> {
  const rows = await q.query<{ store_id: string; held: string }>(
    `SELECT store_id, SUM(amount) AS held FROM (
        SELECT store_id, amount FROM allowance_entries WHERE customer_id = $1 AND kind = $2
        UNION ALL
        SELECT store_id, amount FROM allowance_grants WHERE customer_id = $1 AND kind = $2) h
      GROUP BY store_id`,
    [customerId, kind],
  );
  return new Map(rows.map((r) => [r.store_id, Number(r.held)]));
}

/**
 * A store asks for more of a customer's credit or points: the cloud grants at most what it has not
 * granted (contracts/src/allowances.ts), under a per-customer lock so two stores asking at once are
 * served one after the other. The grant goes down as the store's `allowance_grants` shape.
 */
export async function requestAllowance(
  q: Queryable,
  storeId: string,
  req: AllowanceRequest,
  now: Date,
): Promise<AllowanceGrant> {
  await q.query("SELECT pg_advisory_xact_lock(84300014, hashtext($1 || '|' || $2))", [
    req.customerId,
    req.kind,
  ]);
  const held = [...(await holdings(q, req.customerId, req.kind)).values()];
  let unallocated: number;
  if (req.kind === "credit") {
    const [limit] = await q.query<{ credit_limit: string | null }>(
      "SELECT credit_limit FROM credit_limits WHERE customer_id = $1",
      [req.customerId],
    );
    unallocated = unallocatedCredit(limit?.credit_limit == null ? null : Number(limit.credit_limit), {
      heldByStore: held,
      cloudNet: 0,
    });
  } else {
    unallocated = unallocatedPoints({ heldByStore: held, cloudNet: 0 });
  }
  const amount = grantable(req.amount, unallocated);
  if (amount === 0) return { grantId: null, amount: 0, expiresAt: null, unallocated };
  const grantId = newId();
  const expiresAt = new Date(now.getTime() + GRANT_DAYS * 86_400_000).toISOString();
  await q.query(
    `INSERT INTO allowance_grants (tenant_id, id, store_id, customer_id, kind, amount, expires_at, updated_at)
     VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7)`,
    [grantId, storeId, req.customerId, req.kind, amount, expiresAt, now.toISOString()],
  );
  return { grantId, amount, expiresAt, unallocated: unallocated - amount };
}
