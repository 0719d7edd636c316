import {
  type CloudProduct,
  type CloudProductRow,
  PRODUCT_COLUMNS,
  toCloudProduct,
} from "../catalog/product-fields.js";
import { overridesOf, tillsEditSharedCatalog, type StoreOverride } from "../catalog/store-overrides.js";
import type { Queryable } from "../db/sql.js";
import type { CatalogAnswer, CatalogProduct } from "@mostrador/contracts/http/cloud-catalog";

/** What the dashboard's catalog screen shows of a cloud product (cloud/src/catalog owns the row). */
export function toCatalogProduct(p: CloudProduct, overrides: StoreOverride[] = []): CatalogProduct {
  return {
    id: p.id,
    storeId: p.storeId,
    sku: p.sku,
    name: p.name,
    price: p.price,
    unit: p.unit,
    active: p.active,
    lowStockThreshold: p.lowStockThreshold,
    updatedAt: p.updatedAt,
    overrides,
  };
}

/**
 * A page of the catalog, by name, optionally searched (name or SKU contains the text, any case) and
 * limited to what one store's tills see (the organization's products plus that store's own).
 */
export async function searchCatalog(
  q: Queryable,
  opts: { search: string | null; storeId: string | null; limit: number; offset: number; tenantId: string },
): Promise<CatalogAnswer> {
  // ILIKE metacharacters in the owner's text are literal: "50%" means fifty percent.
  const pattern = opts.search ? `%${opts.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `($1::text IS NULL OR name ILIKE $1 OR sku ILIKE $1)
                 AND ($2::uuid IS NULL OR store_id IS NULL OR store_id = $2)`;
  const rows = await q.query<CloudProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products WHERE ${where} ORDER BY name, id LIMIT $3 OFFSET $4`,
    [pattern, opts.storeId, opts.limit, opts.offset],
  );
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE ${where}`, [
    pattern,
    opts.storeId,
  ]);
  const overrides = await overridesOf(
    q,
    rows.map((r) => r.id),
  );
  return {
    products: rows.map((r) => toCatalogProduct(toCloudProduct(r), overrides.get(r.id))),
    total: count?.n ?? 0,
    tillsEditSharedCatalog: await tillsEditSharedCatalog(q, opts.tenantId),
  };
}
