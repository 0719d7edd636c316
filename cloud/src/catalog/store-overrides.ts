import {
  PRODUCT_FIELD_NAMES,
  type FieldHlcT,
  type ProductField,
  type ProductValuesT,
} from "@mostrador/contracts/sync/catalog";
import type { StoreOverride } from "@mostrador/contracts/http/cloud-catalog";
import { CloudError } from "../core/errors.js";
import type { Queryable, Sql } from "../db/sql.js";
import { shapeWaker } from "../shapes/shape-waker.js";
import { formatHlc } from "./hlc.js";
import { type CloudProductRow } from "./product-fields.js";

/** What a store may set for itself on a tenant-wide product. */
export const OVERRIDE_FIELDS = ["price", "active"] as const satisfies readonly ProductField[];
type OverrideField = (typeof OVERRIDE_FIELDS)[number];

const NEVER = formatHlc(0, 0, "never");

interface OverrideRow {
  price: number | string | null;
  active: boolean | null;
  field_hlc: FieldHlcT;
}

/** Whether the owner lets the tills edit the tenant-wide catalog itself (dashboard, Ajustes). */
export async function tillsEditSharedCatalog(q: Queryable, tenantId: string): Promise<boolean> {
  const [row] = await q.query<{ allowed: boolean }>(
    "SELECT tills_edit_shared_catalog AS allowed FROM organizations WHERE id = $1",
    [tenantId],
  );
  return row?.allowed === true;
}

const isOverrideField = (f: ProductField): f is OverrideField =>
  (OVERRIDE_FIELDS as readonly string[]).includes(f);

/**
 * A till's edit of a tenant-wide product, when its tills may not edit the shared catalog: price and
 * active become its store's override; any other field it changed is refused, and the refusal's clock
 * is kept so the store's shape sends the shared value back with a clock the till's edit cannot beat.
 * Per-field last-writer-wins as everywhere: a field changes only if the till's clock is newer than
 * both the product's and the override's. The override's trigger (cloud 0005) sends the store its row.
 */
export async function mergeStoreOverride(
  q: Queryable,
  tenantId: string,
  storeId: string,
  product: CloudProductRow,
  write: { values: Partial<ProductValuesT>; clocks: FieldHlcT; now: Date },
): Promise<boolean> {
  const [current] = await q.query<OverrideRow>(
    `SELECT price, active, field_hlc FROM product_store_overrides
      WHERE store_id = $1 AND product_id = $2 FOR UPDATE`,
    [storeId, product.id],
  );
  const next = {
    price: current?.price === null || current?.price === undefined ? null : Number(current.price),
    active: current?.active ?? null,
  };
  const clocks: FieldHlcT = { ...(current?.field_hlc ?? {}) };
  let changed = false;
  for (const field of PRODUCT_FIELD_NAMES) {
    const clock = write.clocks[field];
    if (!clock || !Object.hasOwn(write.values, field)) continue;
    const seen = [product.field_hlc[field] ?? NEVER, clocks[field] ?? NEVER].sort().at(-1)!;
    if (clock <= seen) continue; // an older (or the same) write loses
    if (isOverrideField(field)) (next as Record<OverrideField, unknown>)[field] = write.values[field];
    clocks[field] = clock;
    changed = true;
  }
  if (!changed) return false;
  await q.query(
    `INSERT INTO product_store_overrides (tenant_id, store_id, product_id, price, active, field_hlc, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, store_id, product_id) DO UPDATE SET price = excluded.price,
       active = excluded.active, field_hlc = excluded.field_hlc, updated_at = excluded.updated_at`,
    [tenantId, storeId, product.id, next.price, next.active, JSON.stringify(clocks), write.now],
  );
  return true;
}

/** Lets (or stops) the tills edit the tenant-wide catalog itself; the owner decides, from the dashboard. */
export async function setTillsEditSharedCatalog(sql: Sql, tenantId: string, allowed: boolean): Promise<void> {
  await sql.withTenant(tenantId, (q) =>
    q.query("UPDATE organizations SET tills_edit_shared_catalog = $2 WHERE id = $1", [tenantId, allowed]),
  );
}

/** One store's own price or on-sale flag for a tenant-wide product, as the dashboard shows it. */
export type { StoreOverride };

/** The overrides of these products, by product id (only those that set a price or a flag). */
export async function overridesOf(q: Queryable, productIds: string[]): Promise<Map<string, StoreOverride[]>> {
  const byProduct = new Map<string, StoreOverride[]>();
  if (productIds.length === 0) return byProduct;
  const rows = await q.query<{
    product_id: string;
    store_id: string;
    store_name: string;
    price: number | string | null;
    active: boolean | null;
  }>(
    `SELECT o.product_id, o.store_id, s.name AS store_name, o.price, o.active
       FROM product_store_overrides o JOIN stores s ON s.id = o.store_id
      WHERE o.product_id = ANY($1::uuid[]) AND (o.price IS NOT NULL OR o.active IS NOT NULL)
      ORDER BY s.name, s.id`,
    [productIds],
  );
  for (const r of rows) {
    const list = byProduct.get(r.product_id) ?? [];
    list.push({
      storeId: r.store_id,
      storeName: r.store_name,
      price: r.price === null ? null : Number(r.price),
      active: r.active,
    });
    byProduct.set(r.product_id, list);
  }
  return byProduct;
}

/** The owner puts one store back on the shared price and flag; its tills get the shared row. */
export async function removeStoreOverride(
  sql: Sql,
  tenantId: string,
  productId: string,
  storeId: string,
): Promise<void> {
  const removed = await sql.withTenant(tenantId, (q) =>
    q.query("DELETE FROM product_store_overrides WHERE product_id = $1 AND store_id = $2 RETURNING 1", [
      productId,
      storeId,
    ]),
  );
  if (removed.length === 0)
    throw new CloudError(
      "not_found",
      "override_not_found",
      "Ese local no tiene precio propio para el producto",
    );
  shapeWaker.poke(tenantId);
}
