import type { CloudBalances } from "@mostrador/contracts/http/cloud-accounts";
import { CloudError } from "../core/errors.js";
import { nextCloudHlc } from "../catalog/hlc.js";
import type { Queryable } from "../db/sql.js";

export interface CreditLimitWrite {
  customerId: string;
  creditLimit: number | null;
  /** The store whose manager set it; null: the owner, in the dashboard. */
  setByStore: string | null;
  setAt: string;
  hlc: string;
}

/**
 * Writes a customer's credit limit if its clock is later than the one it replaces (last writer wins by
 * hybrid logical clock, as customers' fields): a till's write and a dashboard write end the same in any
 * order. The row goes down to every store as the `credit_limits` shape.
 */
export async function writeCreditLimit(q: Queryable, w: CreditLimitWrite): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO credit_limits (tenant_id, customer_id, credit_limit, set_by_store, set_at, hlc)
     VALUES (current_tenant_id(), $1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, customer_id) DO UPDATE SET credit_limit = excluded.credit_limit,
       set_by_store = excluded.set_by_store, set_at = excluded.set_at, hlc = excluded.hlc
     WHERE credit_limits.hlc < excluded.hlc
     RETURNING customer_id`,
    [w.customerId, w.creditLimit, w.setByStore, w.setAt, w.hlc],
  );
  return rows.length === 1;
}

/**
 * The owner sets (or removes, with null) a customer's credit limit for every store. A merged record's
 * limit is its survivor's; an erased customer has none to set. Raising it lets the cloud grant stores
 * more; lowering it grants nothing more, and a store that holds more than the new limit hands back what
 * it has not lent (desktop/src/accounts/allowance.ts): no store is ever asked to give back money lent.
 */
export async function setCreditLimitFromDashboard(
  q: Queryable,
  customerId: string,
  creditLimit: number | null,
  now: Date,
): Promise<string> {
  const [customer] = await q.query<{ id: string; merged_into: string | null; erased_at: Date | null }>(
    "SELECT id, merged_into, erased_at FROM customers WHERE id = $1",
    [customerId],
  );
  if (!customer) throw new CloudError("not_found", "customer_not_found", "El cliente no existe");
  const id = customer.merged_into ?? customer.id;
  const [survivor] = await q.query<{ erased_at: Date | null }>(
    "SELECT erased_at FROM customers WHERE id = $1",
    [id],
  );
  if (customer.erased_at !== null || survivor?.erased_at) {
    throw new CloudError(
      "conflict",
      "customer_erased",
      "El cliente fue borrado a su pedido: no se le puede fijar un límite de crédito",
    );
  }
  // The same lock as the grants (grants.ts): a grant never reads a limit half-way through a change.
  await q.query("SELECT pg_advisory_xact_lock(84300014, hashtext($1 || '|' || 'credit'))", [id]);
  const [current] = await q.query<{ hlc: string }>("SELECT hlc FROM credit_limits WHERE customer_id = $1", [
    id,
  ]);
  const hlc = nextCloudHlc(now.getTime(), current ? [current.hlc] : []);
  await writeCreditLimit(q, { customerId: id, creditLimit, setByStore: null, setAt: now.toISOString(), hlc });
  return id;
}

export type CloudBalanceRow = CloudBalances["customers"][number];
