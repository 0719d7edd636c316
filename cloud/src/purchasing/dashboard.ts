import type { PurchasingAnswer } from "@mostrador/contracts/http/cloud-purchasing";
import type { Queryable } from "../db/sql.js";
import type { ScopedStore } from "../dashboard/store-scope.js";

type Valuation = PurchasingAnswer["valuation"][number];

/**
 * Each store's stock at cost: on hand (stock_levels) × its average cost (product_costs), per product
 * rounded half away from zero (Postgres rounds numeric that way), by the catalog's category. Weighed goods
 * are grams at a cost per kg. Stock at or below zero is worth nothing.
 */
export async function storeValuations(q: Queryable, stores: readonly ScopedStore[]): Promise<Valuation[]> {
  const rows = await q.query<{
    store_id: string;
    category_id: string | null;
    category_name: string | null;
    value: string;
    without_cost: string;
  }>(
    `WITH valued AS (
       SELECT l.store_id, p.category_id, c.average_cost,
              round(l.on_hand::numeric * COALESCE(c.average_cost, 0)
                    / CASE WHEN p.unit = 'kg' THEN 1000 ELSE 1 END) AS value
       FROM stock_levels l
       LEFT JOIN product_costs c ON c.tenant_id = l.tenant_id AND c.store_id = l.store_id AND c.product_id = l.product_id
       LEFT JOIN products p ON p.tenant_id = l.tenant_id AND p.id::text = l.product_id
       WHERE l.on_hand > 0 AND l.store_id = ANY($1::uuid[])
     )
     SELECT v.store_id, v.category_id,
            (SELECT e.payload->>'name' FROM appliance_events e
              WHERE e.entity = 'category' AND e.entity_id = v.category_id
              ORDER BY e.created_at DESC LIMIT 1) AS category_name,
            SUM(v.value) AS value, COUNT(*) FILTER (WHERE v.average_cost IS NULL) AS without_cost
     FROM valued v GROUP BY v.store_id, v.category_id`,
    [stores.map((s) => s.id)],
  );
  return stores.map((store) => {
    const own = rows.filter((r) => r.store_id === store.id);
    const categories = own
      .map((r) => ({ categoryId: r.category_id, categoryName: r.category_name, value: Number(r.value) }))
      .sort((a, b) => b.value - a.value);
    return {
      storeId: store.id,
      storeName: store.name,
      total: categories.reduce((sum, c) => sum + c.value, 0),
      withoutCost: own.reduce((sum, r) => sum + Number(r.without_cost), 0),
      categories,
    };
  });
}

/** The latest purchase orders and receipts of these stores, newest first, with the supplier's name. */
export async function recentPurchases(
  q: Queryable,
  stores: readonly ScopedStore[],
  limit: number,
): Promise<Pick<PurchasingAnswer, "orders" | "receipts">> {
  const names = new Map(stores.map((s) => [s.id, s.name]));
  const ids = stores.map((s) => s.id);
  const orders = await q.query<{
    id: string;
    store_id: string;
    number: number;
    supplier_name: string | null;
    status: string;
    total: string;
    at: Date;
  }>(
    `SELECT o.id, o.store_id, o.number, s.name AS supplier_name, o.status, o.total, o.at
     FROM purchase_orders o
     LEFT JOIN purchase_suppliers s ON s.tenant_id = o.tenant_id AND s.id = o.supplier_id
     WHERE o.store_id = ANY($1::uuid[]) ORDER BY o.at DESC, o.id LIMIT $2`,
    [ids, limit],
  );
  const receipts = await q.query<{
    id: string;
    store_id: string;
    supplier_name: string | null;
    order_number: number | null;
    total: string;
    at: Date;
  }>(
    `SELECT r.id, r.store_id, s.name AS supplier_name, o.number AS order_number, r.total, r.at
     FROM purchase_receipts r
     LEFT JOIN purchase_suppliers s ON s.tenant_id = r.tenant_id AND s.id = r.supplier_id
     LEFT JOIN purchase_orders o ON o.tenant_id = r.tenant_id AND o.id = r.order_id
     WHERE r.store_id = ANY($1::uuid[]) ORDER BY r.at DESC, r.id LIMIT $2`,
    [ids, limit],
  );
  return {
    orders: orders.map((o) => ({
      id: o.id,
      storeId: o.store_id,
      storeName: names.get(o.store_id) ?? "",
      number: Number(o.number),
      supplierName: o.supplier_name,
      status: o.status,
      total: Number(o.total),
      at: new Date(o.at).toISOString(),
    })),
    receipts: receipts.map((r) => ({
      id: r.id,
      storeId: r.store_id,
      storeName: names.get(r.store_id) ?? "",
      supplierName: r.supplier_name,
      orderNumber: r.order_number === null ? null : Number(r.order_number),
      total: Number(r.total),
      at: new Date(r.at).toISOString(),
    })),
  };
}

/** The latest stock counts of these stores, newest first, with their differences valued at cost. */
export async function recentCounts(
  q: Queryable,
  stores: readonly ScopedStore[],
  limit: number,
): Promise<PurchasingAnswer["counts"]> {
  const names = new Map(stores.map((s) => [s.id, s.name]));
  const rows = await q.query<{
    id: string;
    store_id: string;
    number: number;
    scope: string;
    category_name: string | null;
    status: string;
    products: number;
    differences: string;
    difference_value: string;
    without_cost: number;
    started_at: Date;
    closed_at: Date | null;
  }>(
    `SELECT c.id, c.store_id, c.number, c.scope,
            (SELECT e.payload->>'name' FROM appliance_events e
              WHERE e.entity = 'category' AND e.entity_id = c.category_id
              ORDER BY e.created_at DESC LIMIT 1) AS category_name,
            c.status, c.products,
            (SELECT COUNT(*) FROM jsonb_array_elements(c.payload->'lines') l
              WHERE (l->>'difference')::bigint <> 0) AS differences,
            c.difference_value, c.without_cost, c.started_at, c.closed_at
     FROM stock_counts c
     WHERE c.store_id = ANY($1::uuid[]) ORDER BY c.started_at DESC, c.id LIMIT $2`,
    [stores.map((s) => s.id), limit],
  );
  return rows.map((c) => ({
    id: c.id,
    storeId: c.store_id,
    storeName: names.get(c.store_id) ?? "",
    number: Number(c.number),
    scope: c.scope,
    categoryName: c.category_name,
    status: c.status,
    products: Number(c.products),
    differences: Number(c.differences),
    differenceValue: Number(c.difference_value),
    withoutCost: Number(c.without_cost),
    startedAt: new Date(c.started_at).toISOString(),
    closedAt: c.closed_at === null ? null : new Date(c.closed_at).toISOString(),
  }));
}
