import {
  PRODUCT_FIELD_NAMES,
  ProductValues,
  type FieldHlcT,
  type ProductField,
  type ProductValuesT,
} from "@mostrador/contracts/sync/catalog";
import { Value } from "@sinclair/typebox/value";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import { isUuid, type Queryable, type Sql } from "../db/sql.js";
import { shapeWaker } from "../shapes/shape-waker.js";
import { formatHlc, nextCloudHlc } from "./hlc.js";
import {
  PRODUCT_COLUMNS,
  toCloudProduct,
  type CloudProduct,
  type CloudProductRow,
} from "./product-fields.js";

/** The clock of a field nobody has written yet: older than any real write. */
const NEVER = formatHlc(0, 0, "never");

const FIELD_LABEL: Record<ProductField, string> = {
  sku: "sku",
  name: "name",
  categoryId: "categoryId",
  price: "price",
  ivaRate: "ivaRate",
  unit: "unit",
  barcodes: "barcodes",
  scaleCode: "scaleCode",
  lowStockThreshold: "lowStockThreshold",
  active: "active",
};

/** Refuses a value outside the product's bounds (same as the appliance's), naming the field. */
function checkValues(values: Partial<ProductValuesT>): void {
  for (const field of PRODUCT_FIELD_NAMES) {
    if (!Object.hasOwn(values, field)) continue;
    if (!Value.Check(ProductValues[field], values[field]))
      throw new CloudError("invalid", "invalid_product", `El campo "${FIELD_LABEL[field]}" no es válido`, {
        field,
      });
  }
}

/** The product row, locked for this transaction's write; undefined if the tenant has none with that id. */
export async function lockProduct(q: Queryable, id: string): Promise<CloudProductRow | undefined> {
  const [row] = await q.query<CloudProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

const REQUIRED_ON_INSERT: ProductField[] = ["sku", "name", "price", "ivaRate", "unit"];

/**
 * The one write path of the catalog: per-field last-writer-wins. Each field in `clocks` replaces the
 * stored one only if its clock is newer (an older or equal clock changes nothing), so applying the
 * same writes in any order, or twice, ends in the same row. A product that does not exist yet is
 * created from `values` (every field; those without a clock count as never written). Runs inside the
 * caller's tenant transaction; the shape_log trigger records the change in the same transaction.
 */
export async function mergeProductWrites(
  q: Queryable,
  tenantId: string,
  id: string,
  write: { storeId: string | null; values: Partial<ProductValuesT>; clocks: FieldHlcT; now: Date },
): Promise<{ product: CloudProduct; changed: boolean }> {
  const current = await lockProduct(q, id);
  if (!current) {
    const missing = REQUIRED_ON_INSERT.find((f) => !Object.hasOwn(write.values, f));
    if (missing)
      throw new CloudError("not_found", "product_not_found", "El producto no existe en la nube", {
        productId: id,
        missing,
      });
    const v = write.values as ProductValuesT;
    const clocks = Object.fromEntries(PRODUCT_FIELD_NAMES.map((f) => [f, write.clocks[f] ?? NEVER]));
    const [row] = await q.query<CloudProductRow>(
      `INSERT INTO products (tenant_id, id, store_id, sku, name, category_id, price, iva_rate, unit, barcodes,
                             scale_code, low_stock_threshold, active, field_hlc, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING ${PRODUCT_COLUMNS}`,
      [
        tenantId,
        id,
        write.storeId,
        v.sku,
        v.name,
        v.categoryId ?? null,
        v.price,
        v.ivaRate,
        v.unit,
        JSON.stringify(v.barcodes ?? []),
        v.scaleCode ?? null,
        v.lowStockThreshold ?? null,
        v.active ?? true,
        JSON.stringify(clocks),
        write.now,
      ],
    );
    return { product: toCloudProduct(row!), changed: true };
  }
  const next = toCloudProduct(current);
  const nextClocks: FieldHlcT = { ...current.field_hlc };
  let changed = false;
  for (const field of PRODUCT_FIELD_NAMES) {
    const clock = write.clocks[field];
    if (!clock || !Object.hasOwn(write.values, field)) continue;
    if (clock <= (current.field_hlc[field] ?? NEVER)) continue; // an older (or the same) write loses
    (next as unknown as Record<string, unknown>)[field] = write.values[field];
    nextClocks[field] = clock;
    changed = true;
  }
  if (!changed) return { product: next, changed: false };
  const [row] = await q.query<CloudProductRow>(
    `UPDATE products SET sku = $2, name = $3, category_id = $4, price = $5, iva_rate = $6, unit = $7,
            barcodes = $8, scale_code = $9, low_stock_threshold = $10, active = $11, field_hlc = $12,
            updated_at = $13
      WHERE id = $1 RETURNING ${PRODUCT_COLUMNS}`,
    [
      id,
      next.sku,
      next.name,
      next.categoryId,
      next.price,
      next.ivaRate,
      next.unit,
      JSON.stringify(next.barcodes),
      next.scaleCode,
      next.lowStockThreshold,
      next.active,
      JSON.stringify(nextClocks),
      write.now,
    ],
  );
  return { product: toCloudProduct(row!), changed: true };
}

export type NewCloudProduct = Pick<ProductValuesT, "sku" | "name" | "price" | "ivaRate" | "unit"> &
  Partial<ProductValuesT> & { storeId?: string | null };

/** Dashboard: a new product for the whole tenant (or one store); it flows down to the tills. */
export async function createCloudProduct(
  sql: Sql,
  tenantId: string,
  input: NewCloudProduct,
  clock: Clock,
): Promise<CloudProduct> {
  const { storeId = null, ...values } = input;
  checkValues(values);
  if (storeId !== null && !isUuid(storeId))
    throw new CloudError("invalid", "invalid_store", "El local indicado no es válido");
  const now = clock.now();
  const hlc = nextCloudHlc(now.getTime(), []);
  const full: ProductValuesT = {
    categoryId: null,
    barcodes: [],
    scaleCode: null,
    lowStockThreshold: null,
    active: true,
    ...values,
  };
  const clocks = Object.fromEntries(PRODUCT_FIELD_NAMES.map((f) => [f, hlc]));
  const { product } = await sql.withTenant(tenantId, async (q) => {
    if (storeId !== null) {
      const [store] = await q.query("SELECT 1 FROM stores WHERE id = $1", [storeId]);
      if (!store) throw new CloudError("not_found", "store_not_found", "No existe ese local");
    }
    return mergeProductWrites(q, tenantId, newId(), { storeId, values: full, clocks, now });
  });
  shapeWaker.poke(tenantId);
  return product;
}

/**
 * Dashboard: changes some fields. Their clock follows every clock already on the row, so an edit made
 * after the dashboard saw a till's edit always wins over it, whatever the two machines' clocks say.
 */
export async function updateCloudProduct(
  sql: Sql,
  tenantId: string,
  id: string,
  patch: Partial<ProductValuesT>,
  clock: Clock,
): Promise<CloudProduct> {
  checkValues(patch);
  const fields = PRODUCT_FIELD_NAMES.filter((f) => Object.hasOwn(patch, f));
  const notFound = () =>
    new CloudError("not_found", "product_not_found", "El producto no existe", { productId: id });
  if (!isUuid(id)) throw notFound();
  const { product, changed } = await sql.withTenant(tenantId, async (q) => {
    const current = await lockProduct(q, id);
    if (!current) throw notFound();
    const now = clock.now();
    const hlc = nextCloudHlc(now.getTime(), Object.values(current.field_hlc));
    const clocks = Object.fromEntries(fields.map((f) => [f, hlc]));
    return mergeProductWrites(q, tenantId, id, { storeId: current.store_id, values: patch, clocks, now });
  });
  if (changed) shapeWaker.poke(tenantId);
  return product;
}

/** Dashboard: the catalog a store's tills see (tenant-wide products plus the store's own). */
export async function listCloudProducts(sql: Sql, tenantId: string): Promise<CloudProduct[]> {
  const rows = await sql.withTenant(tenantId, (q) =>
    q.query<CloudProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products ORDER BY name, id`),
  );
  return rows.map(toCloudProduct);
}
