import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

/** A product as the till, the API and the UI see it: the HTTP contract's (contracts/src/http/catalog.ts). */
import type { Product } from "@mostrador/contracts/http/catalog";

/**
 * One row per product with its category name, available stock (on hand minus online orders' reservations,
 * stock/reservations.ts) and barcodes. Every read goes through this
 * so the Product shape is built in one place. Barcodes come from a correlated subquery on the
 * (product_id) index: one indexed probe per returned row, never a scan.
 */
export const PRODUCT_SELECT = `
  SELECT p.id, p.sku, p.name, p.category_id AS categoryId, c.name AS categoryName, p.price,
         p.iva_rate AS ivaRate, p.unit, p.scale_code AS scaleCode, p.low_stock_threshold AS lowStockThreshold,
         p.active, COALESCE(s.quantity, 0) - COALESCE(r.quantity, 0) AS onHand, r.quantity AS reserved,
         p.variant_axes AS variantAxes, p.variant_of AS variantOf,
         p.variant_values AS variantValues, p.price_follows_model AS priceFollowsModel,
         (SELECT json_group_array(b.barcode) FROM product_barcodes b WHERE b.product_id = p.id) AS barcodes
    FROM products p
    LEFT JOIN categories c ON c.id = p.category_id
    LEFT JOIN stock_on_hand s ON s.product_id = p.id
    LEFT JOIN stock_reserved r ON r.product_id = p.id`;

export interface ProductRow extends Omit<
  Product,
  "active" | "barcodes" | "variantAxes" | "variantValues" | "priceFollowsModel" | "reserved"
> {
  reserved: number | null;
  active: number;
  barcodes: string;
  variantAxes: string | null;
  variantValues: string | null;
  priceFollowsModel: number;
}

export function toProduct(row: ProductRow): Product {
  const { reserved, ...rest } = row;
  return {
    ...rest,
    ...(reserved ? { reserved } : {}),
    active: row.active === 1,
    barcodes: (JSON.parse(row.barcodes) as string[]).sort(),
    variantAxes: row.variantAxes === null ? null : (JSON.parse(row.variantAxes) as Product["variantAxes"]),
    variantOf: row.variantOf ?? null,
    variantValues: row.variantValues === null ? null : (JSON.parse(row.variantValues) as string[]),
    priceFollowsModel: row.priceFollowsModel === 1,
  };
}

function productById(db: Db, id: string): Product | null {
  const row = stmt(db, `${PRODUCT_SELECT} WHERE p.id = ?`).get(id) as ProductRow | undefined;
  return row ? toProduct(row) : null;
}

/** The product with this id (active or not); not_found `product_not_found` otherwise. */
export function getProduct(ctx: Ctx, id: string): Product {
  const product = typeof id === "string" ? productById(ctx.db, id) : null;
  if (!product)
    throw new DomainError("not_found", "product_not_found", "El producto no existe", { productId: id });
  return product;
}

/** The product that owns this exact barcode, or null. */
export function findProductByBarcode(ctx: Ctx, barcode: string): Product | null {
  const row = stmt(
    ctx.db,
    `${PRODUCT_SELECT} WHERE p.id = (SELECT product_id FROM product_barcodes WHERE barcode = ?)`,
  ).get(barcode) as ProductRow | undefined;
  return row ? toProduct(row) : null;
}

/** The product with this label-scale item code (PLU), or null. */
export function findProductByScaleCode(ctx: Ctx, scaleCode: number): Product | null {
  const row = stmt(ctx.db, `${PRODUCT_SELECT} WHERE p.scale_code = ?`).get(scaleCode) as
    ProductRow | undefined;
  return row ? toProduct(row) : null;
}

/** Products by id, in the order asked; unknown ids are skipped. One query for the whole page. */
export function getProductsByIds(ctx: Ctx, ids: readonly string[]): Product[] {
  if (ids.length === 0) return [];
  const rows = stmt(ctx.db, `${PRODUCT_SELECT} WHERE p.id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(ids),
  ) as ProductRow[];
  const byId = new Map(rows.map((r) => [r.id, toProduct(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
