import type { ProductField } from "@mostrador/contracts/sync/catalog";
import { nameKey } from "@mostrador/contracts/search-key";
import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";

/** A product as it will be written: merged values, and the cloud's own values and clocks for the base. */
export interface ProductWrite {
  id: string;
  values: Record<ProductField, unknown>;
  /** product_cloud_base.fields and .field_hlc, as JSON text. */
  base: string;
  clocks: string;
}

/** The products columns a cloud row sets, in the order of PRODUCT_SET (then id, created_at). */
export function productParams(v: Record<ProductField, unknown>, at: string): unknown[] {
  return [
    v.sku,
    v.name,
    nameKey(String(v.name)),
    v.categoryId,
    v.price,
    v.ivaRate,
    v.unit,
    v.scaleCode,
    v.lowStockThreshold,
    v.active ? 1 : 0,
    v.variantAxes === null ? null : JSON.stringify(v.variantAxes),
    v.variantOf,
    v.variantValues === null ? null : JSON.stringify(v.variantValues),
    v.priceFollowsModel === false ? 0 : 1,
    at,
  ];
}

export const PRODUCT_COLUMNS = [
  "sku",
  "name",
  "name_key",
  "category_id",
  "price",
  "iva_rate",
  "unit",
  "scale_code",
  "low_stock_threshold",
  "active",
  "variant_axes",
  "variant_of",
  "variant_values",
  "price_follows_model",
  "updated_at",
] as const;

// One statement for the whole batch: row i of the JSON array is productParams + id + created_at.
const UPSERT_PRODUCTS = `INSERT INTO products (${PRODUCT_COLUMNS.join(", ")}, id, created_at)
  SELECT ${[...PRODUCT_COLUMNS, "id", "created_at"].map((_, i) => `r.value ->> ${i}`).join(", ")}
    FROM json_each(?) r WHERE true
  ON CONFLICT (id) DO UPDATE SET ${PRODUCT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(", ")}`;

/**
 * Writes a whole batch of cloud products with one set-based statement for the products themselves
 * instead of two per row. That is what keeps search fast to build: FTS5 flushes its
 * pending terms at every statement boundary inside a transaction, so 50,000 single-row INSERTs leave
 * it 50,000 tiny segments to merge, where one INSERT … SELECT indexes them in one go.
 *
 * Throws on the first row the catalog refuses (a SKU, scale code, variant cell or barcode another
 * product holds, a variant whose model is nowhere): the caller runs it in a savepoint and, on error,
 * applies the batch row by row instead so only the refused rows are parked. Variants may come before
 * their model: the foreign key is checked at the end of the statement.
 */
export function writeProductsAtOnce(ctx: Ctx, products: readonly ProductWrite[], at: string): void {
  if (products.length === 0) return;
  const db = ctx.db;
  stmt(db, UPSERT_PRODUCTS).run(
    JSON.stringify(products.map((p) => [...productParams(p.values, at), p.id, at])),
  );

  // Barcodes: only products whose set changed are rewritten (all removed first, so a barcode moving
  // between two products of the batch lands whatever their order).
  const ids = JSON.stringify(products.map((p) => p.id));
  const current = new Map<string, string[]>();
  for (const r of stmt(
    db,
    `SELECT product_id, barcode FROM product_barcodes
      WHERE product_id IN (SELECT value FROM json_each(?)) ORDER BY product_id, barcode`,
  ).all(ids) as { product_id: string; barcode: string }[]) {
    const list = current.get(r.product_id);
    if (list) list.push(r.barcode);
    else current.set(r.product_id, [r.barcode]);
  }
  const changed = products.filter(
    (p) =>
      JSON.stringify(current.get(p.id) ?? []) !== JSON.stringify([...(p.values.barcodes as string[])].sort()),
  );
  if (changed.length > 0) {
    stmt(db, "DELETE FROM product_barcodes WHERE product_id IN (SELECT value FROM json_each(?))").run(
      JSON.stringify(changed.map((p) => p.id)),
    );
    stmt(
      db,
      `INSERT INTO product_barcodes (barcode, product_id)
       SELECT r.value ->> 0, r.value ->> 1 FROM json_each(?) r`,
    ).run(JSON.stringify(changed.flatMap((p) => (p.values.barcodes as string[]).map((b) => [b, p.id]))));
  }

  writeBases(db, products);
}

/** Rows per multi-row statement for the bases: 3 parameters each, well under SQLite's 32,766. */
const BASE_ROWS = 500;
const baseInsert = (rows: number) =>
  `INSERT OR REPLACE INTO product_cloud_base (product_id, fields, field_hlc) VALUES ${Array.from(
    { length: rows },
    () => "(?, ?, ?)",
  ).join(", ")}`;

/**
 * The bases in multi-row statements of bound parameters: a plain table (no search index to spare),
 * and its JSON text columns are cheaper bound as they are than escaped into one big JSON array and
 * parsed back out of it; one statement per 500 rows instead of one per row.
 */
function writeBases(db: Ctx["db"], products: readonly ProductWrite[]): void {
  for (let from = 0; from < products.length; from += BASE_ROWS) {
    const chunk = products.slice(from, from + BASE_ROWS);
    // Full chunks share one cached statement; the last, shorter one is prepared once for itself.
    const insert =
      chunk.length === BASE_ROWS ? stmt(db, baseInsert(BASE_ROWS)) : db.prepare(baseInsert(chunk.length));
    insert.run(chunk.flatMap((p) => [p.id, p.base, p.clocks]));
  }
}
