import { unallocatedCredit, unallocatedPoints } from "@mostrador/contracts/allowances";
import type {
  CustomerHoldings,
  OwnerGrantRequest,
  OwnerRecallRequest,
} from "@mostrador/contracts/http/cloud-accounts";
import { formatMoney } from "@mostrador/contracts/money";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import { GRANT_DAYS, holdings } from "./grants.js";

type Kind = "credit" | "points";

/**
 * The owner moves a customer's credit and points between stores from the dashboard (docs/ownership.md):
 * sees who holds what, GRANTS a store part of what no store holds, and RECALLS part of what a store
 * holds. A recall is a request the store answers with what it has not spent (a 'return' entry, uploaded):
 * the cloud never takes back on its own what a store may be spending offline.
 */

const amountText = (kind: Kind, n: number) => (kind === "credit" ? formatMoney(n) : `${n} puntos`);

/** The same lock as a store's request (grants.ts): grants and recalls of one customer go one at a time. */
const lock = (q: Queryable, customerId: string, kind: Kind) =>
  q.query("SELECT pg_advisory_xact_lock(84300014, hashtext($1 || '|' || $2))", [customerId, kind]);

async function requireCustomer(q: Queryable, customerId: string): Promise<void> {
  // RLS: another tenant's customer is not found either.
  const [known] = await q.query(
    `SELECT 1 FROM customers WHERE id = $1 AND merged_into IS NULL AND erased_at IS NULL
     UNION ALL SELECT 1 FROM credit_limits WHERE customer_id = $1 LIMIT 1`,
    [customerId],
  );
  if (!known) throw new CloudError("not_found", "customer_not_found", "El cliente no existe");
}

async function requireStore(q: Queryable, storeId: string): Promise<void> {
  const [store] = await q.query("SELECT 1 FROM stores WHERE id::text = $1", [storeId]);
  if (!store) throw new CloudError("not_found", "store_not_found", "El local no existe");
}

/** Per store: recalls it has not answered yet (it still holds what they ask for). */
async function pendingRecalls(q: Queryable, customerId: string, kind: Kind): Promise<Map<string, number>> {
  const rows = await q.query<{ store_id: string; pending: string }>(
    `SELECT r.store_id::text AS store_id, SUM(r.amount) AS pending FROM allowance_recalls r
      WHERE r.customer_id = $1 AND r.kind = $2
        AND NOT EXISTS (SELECT 1 FROM allowance_entries e WHERE e.answers_recall = r.id::text)
      GROUP BY r.store_id`,
    [customerId, kind],
  );
  return new Map(rows.map((r) => [r.store_id, Number(r.pending)]));
}

async function creditLimitOf(q: Queryable, customerId: string): Promise<number | null> {
  const [row] = await q.query<{ credit_limit: string | null }>(
    "SELECT credit_limit FROM credit_limits WHERE customer_id = $1",
    [customerId],
  );
  return row?.credit_limit == null ? null : Number(row.credit_limit);
}

async function unallocated(q: Queryable, customerId: string, kind: Kind): Promise<number> {
  const heldByStore = [...(await holdings(q, customerId, kind)).values()];
  return kind === "credit"
    ? unallocatedCredit(await creditLimitOf(q, customerId), { heldByStore, cloudNet: 0 })
    : unallocatedPoints({ heldByStore, cloudNet: 0 });
}

/** Who holds what of a customer's credit and points: every store of the tenant, and what no store holds. */
export async function customerHoldings(q: Queryable, customerId: string): Promise<CustomerHoldings> {
  await requireCustomer(q, customerId);
  const stores = await q.query<{ id: string; name: string }>(
    "SELECT id::text AS id, name FROM stores ORDER BY created_at, id",
  );
  const ofKind = async (kind: Kind) => {
    const held = await holdings(q, customerId, kind);
    const pending = await pendingRecalls(q, customerId, kind);
    return {
      unallocated: await unallocated(q, customerId, kind),
      stores: stores.map((s) => ({
        storeId: s.id,
        storeName: s.name,
        held: held.get(s.id) ?? 0,
        recallPending: pending.get(s.id) ?? 0,
      })),
    };
  };
  return {
    customerId,
    creditLimit: await creditLimitOf(q, customerId),
    credit: await ofKind("credit"),
    points: await ofKind("points"),
  };
}

/**
 * The owner grants a store part of what no store holds; more than that is refused (nothing changes):
 * another store must hand some back first, or the owner raises the limit. It goes down the store's
 * `allowance_grants` shape, like a grant the store asked for, and expires as they do.
 */
export async function grantFromDashboard(
  q: Queryable,
  customerId: string,
  grant: OwnerGrantRequest,
  ownerAccountId: string,
  now: Date,
): Promise<CustomerHoldings> {
  await requireCustomer(q, customerId);
  await requireStore(q, grant.storeId);
  await lock(q, customerId, grant.kind);
  const free = await unallocated(q, customerId, grant.kind);
  if (grant.amount > free) {
    throw new CloudError(
      "conflict",
      "not_enough_unallocated",
      `Sin asignar hay ${amountText(grant.kind, free)}: no se puede dar más. Pedí a un local que devuelva${
        grant.kind === "credit" ? " o subí el límite" : ""
      }`,
      { unallocated: free },
    );
  }
  await q.query(
    `INSERT INTO allowance_grants (tenant_id, id, store_id, customer_id, kind, amount, expires_at, updated_at, granted_by)
     VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      newId(),
      grant.storeId,
      customerId,
      grant.kind,
      grant.amount,
      new Date(now.getTime() + GRANT_DAYS * 86_400_000).toISOString(),
      now.toISOString(),
      ownerAccountId,
    ],
  );
  return customerHoldings(q, customerId);
}

/**
 * The owner asks a store to hand back up to `amount` of what it holds (not counting recalls it has not
 * answered yet). More than that is refused. The store answers with what it has not spent of it.
 */
export async function recallFromDashboard(
  q: Queryable,
  customerId: string,
  recall: OwnerRecallRequest,
  ownerAccountId: string,
  now: Date,
): Promise<CustomerHoldings> {
  await requireCustomer(q, customerId);
  await requireStore(q, recall.storeId);
  await lock(q, customerId, recall.kind);
  const held = (await holdings(q, customerId, recall.kind)).get(recall.storeId) ?? 0;
  const recallable = Math.max(
    0,
    held - ((await pendingRecalls(q, customerId, recall.kind)).get(recall.storeId) ?? 0),
  );
  if (recall.amount > recallable) {
    throw new CloudError(
      "conflict",
      "recall_more_than_held",
      `El local tiene ${amountText(recall.kind, recallable)} de este cliente para devolver: no se le puede pedir más`,
      { recallable },
    );
  }
  await q.query(
    `INSERT INTO allowance_recalls (tenant_id, id, store_id, customer_id, kind, amount, requested_by, updated_at)
     VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7)`,
    [newId(), recall.storeId, customerId, recall.kind, recall.amount, ownerAccountId, now.toISOString()],
  );
  return customerHoldings(q, customerId);
}
