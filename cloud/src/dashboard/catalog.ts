import {
  type CloudProduct,
  type CloudProductRow,
  PRODUCT_COLUMNS,
  toCloudProduct,
} from "../catalog/product-fields.js";
import { overridesOf, tillsEditSharedCatalog, type StoreOverride } from "../catalog/store-overrides.js";
import type { Queryable } from "../db/sql.js";
import type { CatalogAnswer, CatalogProduct, CatalogVariant } from "@mostrador/contracts/http/cloud-catalog";

/** What the dashboard's catalog screen shows of a cloud product (cloud/src/catalog owns the row). */
export function toCatalogProduct(
  p: CloudProduct,
  overrides: StoreOverride[] = [],
  extra: { categoryName?: string | null; variants?: CatalogVariant[] } = {},
): CatalogProduct {
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
    categoryId: p.categoryId,
    categoryName: extra.categoryName ?? null,
    variantAxes: p.variantAxes,
    variantOf: p.variantOf,
    variantValues: p.variantValues,
    variants: extra.variants ?? [],
  };
}

function toCatalogVariant(p: CloudProduct, overrides: StoreOverride[] = []): CatalogVariant {
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    values: p.variantValues ?? [],
    price: p.price,
    priceFollowsModel: p.priceFollowsModel,
    active: p.active,
    overrides,
  };
}

/** Grid order: by the position of each value in its axis, first axis first. */
function gridOrder(model: CloudProduct): (a: CloudProduct, b: CloudProduct) => number {
  const axes = model.variantAxes ?? [];
  const rank = (p: CloudProduct) => axes.map((axis, i) => axis.values.indexOf(p.variantValues?.[i] ?? ""));
  return (a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return a.sku.localeCompare(b.sku);
  };
}

/** The category names of these ids (live or merged: a product may still name a merged one briefly). */
async function categoryNames(q: Queryable, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await q.query<{ id: string; name: string }>(
    "SELECT id, name FROM categories WHERE id = ANY($1::text[])",
    [wanted],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A product as the screen shows it: with its category's name and, for a model, its variants. */
export async function catalogProductsOf(q: Queryable, rows: CloudProductRow[]): Promise<CatalogProduct[]> {
  const products = rows.map(toCloudProduct);
  const modelIds = products.filter((p) => p.variantAxes !== null).map((p) => p.id);
  const variantRows =
    modelIds.length === 0
      ? []
      : await q.query<CloudProductRow>(
          `SELECT ${PRODUCT_COLUMNS} FROM products WHERE variant_of = ANY($1::uuid[])`,
          [modelIds],
        );
  const variants = variantRows.map(toCloudProduct);
  const overrides = await overridesOf(
    q,
    [...products, ...variants].map((p) => p.id),
  );
  const names = await categoryNames(
    q,
    products.map((p) => p.categoryId),
  );
  return products.map((p) =>
    toCatalogProduct(p, overrides.get(p.id), {
      categoryName: p.categoryId === null ? null : (names.get(p.categoryId) ?? null),
      variants: variants
        .filter((v) => v.variantOf === p.id)
        .sort(gridOrder(p))
        .map((v) => toCatalogVariant(v, overrides.get(v.id))),
    }),
  );
}

/**
 * A page of the catalog, by name, optionally searched (name or SKU contains the text, any case; a
 * model matches by its variants' SKUs too) and limited to what one store's tills see (the
 * organization's products plus that store's own). Variants are listed under their model, not alone.
 */
export async function searchCatalog(
  q: Queryable,
  opts: { search: string | null; storeId: string | null; limit: number; offset: number; tenantId: string },
): Promise<CatalogAnswer> {
  // ILIKE metacharacters in the owner's text are literal: "50%" means fifty percent.
  const pattern = opts.search ? `%${opts.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `p.variant_of IS NULL
                 AND ($1::text IS NULL OR p.name ILIKE $1 OR p.sku ILIKE $1
                      OR EXISTS (SELECT 1 FROM products v WHERE v.variant_of = p.id AND v.sku ILIKE $1))
                 AND ($2::uuid IS NULL OR p.store_id IS NULL OR p.store_id = $2)`;
  const rows = await q.query<CloudProductRow>(
    `SELECT ${PRODUCT_COLUMNS.split(", ")
      .map((c) => `p.${c}`)
      .join(", ")} FROM products p WHERE ${where} ORDER BY p.name, p.id LIMIT $3 OFFSET $4`,
    [pattern, opts.storeId, opts.limit, opts.offset],
  );
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM products p WHERE ${where}`, [
    pattern,
    opts.storeId,
  ]);
  return {
    products: await catalogProductsOf(q, rows),
    total: count?.n ?? 0,
    tillsEditSharedCatalog: await tillsEditSharedCatalog(q, opts.tenantId),
  };
}
