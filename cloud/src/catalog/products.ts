import {
  PRODUCT_FIELD_NAMES,
  ProductValues,
  type FieldHlcT,
  type ProductField,
  type ProductValuesT,
} from "@mostrador/contracts/sync/catalog";
import { PRODUCT_NAME_MAX } from "@mostrador/contracts/limits";
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
  variantAxes: "variantAxes",
  variantOf: "variantOf",
  variantValues: "variantValues",
  priceFollowsModel: "priceFollowsModel",
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

/** A product nobody made a model or a variant: what an older appliance's product is. */
const NO_VARIANT = { variantAxes: null, variantOf: null, variantValues: null, priceFollowsModel: true };

/**
 * The category a product should point at: a category merged into another (the same name born at two
 * places, categories.ts) is replaced by the one that stayed. Unknown ids are kept as they are (an
 * appliance's category op may come later, or came before categories were projected).
 */
async function liveCategoryId(q: Queryable, id: string): Promise<string> {
  const [row] = await q.query<{ merged_into: string | null }>(
    "SELECT merged_into FROM categories WHERE id = $1",
    [id],
  );
  return row?.merged_into ?? id;
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
  initial: { storeId: string | null; values: Partial<ProductValuesT>; clocks: FieldHlcT; now: Date },
): Promise<{ product: CloudProduct; changed: boolean }> {
  const category = initial.values.categoryId;
  const write =
    typeof category === "string"
      ? { ...initial, values: { ...initial.values, categoryId: await liveCategoryId(q, category) } }
      : initial;
  const current = await lockProduct(q, id);
  if (!current) {
    const missing = REQUIRED_ON_INSERT.find((f) => !Object.hasOwn(write.values, f));
    if (missing)
      throw new CloudError("not_found", "product_not_found", "El producto no existe en la nube", {
        productId: id,
        missing,
      });
    const v = { ...NO_VARIANT, ...write.values } as ProductValuesT;
    const clocks = Object.fromEntries(PRODUCT_FIELD_NAMES.map((f) => [f, write.clocks[f] ?? NEVER]));
    const [row] = await q.query<CloudProductRow>(
      `INSERT INTO products (tenant_id, id, store_id, sku, name, category_id, price, iva_rate, unit, barcodes,
                             scale_code, low_stock_threshold, active, field_hlc, updated_at,
                             variant_axes, variant_of, variant_values, price_follows_model)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       RETURNING ${PRODUCT_COLUMNS}`,
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
        v.variantAxes === null ? null : JSON.stringify(v.variantAxes),
        v.variantOf,
        v.variantValues === null ? null : JSON.stringify(v.variantValues),
        v.priceFollowsModel,
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
            updated_at = $13, variant_axes = $14, variant_of = $15, variant_values = $16, price_follows_model = $17
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
      next.variantAxes === null ? null : JSON.stringify(next.variantAxes),
      next.variantOf,
      next.variantValues === null ? null : JSON.stringify(next.variantValues),
      next.priceFollowsModel,
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
    ...NO_VARIANT,
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
  requested: Partial<ProductValuesT>,
  clock: Clock,
): Promise<CloudProduct> {
  checkValues(requested);
  const notFound = () =>
    new CloudError("not_found", "product_not_found", "El producto no existe", { productId: id });
  if (!isUuid(id)) throw notFound();
  const { product, changed } = await sql.withTenant(tenantId, async (q) => {
    const current = await lockProduct(q, id);
    if (!current) throw notFound();
    // A variant given a price of its own stops following its model's (as at the till, desktop 0019).
    const patch =
      current.variant_of !== null &&
      Object.hasOwn(requested, "price") &&
      !Object.hasOwn(requested, "priceFollowsModel")
        ? { ...requested, priceFollowsModel: false }
        : requested;
    const fields = PRODUCT_FIELD_NAMES.filter((f) => Object.hasOwn(patch, f));
    const variants = current.variant_axes !== null ? await lockVariants(q, id) : [];
    const now = clock.now();
    const seen = [current, ...variants].flatMap((r) => Object.values(r.field_hlc));
    const hlc = nextCloudHlc(now.getTime(), seen);
    const clocks = Object.fromEntries(fields.map((f) => [f, hlc]));
    const result = await mergeProductWrites(q, tenantId, id, {
      storeId: current.store_id,
      values: patch,
      clocks,
      now,
    });
    for (const variant of variants) {
      const shared = sharedWithVariant(current, variant, patch);
      const keys = Object.keys(shared);
      if (keys.length === 0) continue;
      await mergeProductWrites(q, tenantId, variant.id, {
        storeId: variant.store_id,
        values: shared,
        clocks: Object.fromEntries(keys.map((f) => [f, hlc])),
        now,
      });
    }
    return result;
  });
  if (changed) shapeWaker.poke(tenantId);
  return product;
}

/** A model's variants, locked for the write that changes what they share with it. */
async function lockVariants(q: Queryable, modelId: string): Promise<CloudProductRow[]> {
  return q.query<CloudProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products WHERE variant_of = $1 ORDER BY id FOR UPDATE`,
    [modelId],
  );
}

/**
 * What a change of a model moves on one of its variants, in the same transaction and with the same
 * clock (desktop 0019: the model holds what its variants share): category, IVA and unit always; the
 * price when the variant follows the model's; the name's model part when the variant's name starts
 * with the model's old name ("Remera" → "Remera lisa" turns "Remera M Rojo" into "Remera lisa M Rojo").
 */
function sharedWithVariant(
  model: CloudProductRow,
  variant: CloudProductRow,
  patch: Partial<ProductValuesT>,
): Partial<ProductValuesT> {
  const out: Partial<ProductValuesT> = {};
  if (Object.hasOwn(patch, "categoryId")) out.categoryId = patch.categoryId ?? null;
  if (patch.ivaRate !== undefined) out.ivaRate = patch.ivaRate;
  if (patch.unit !== undefined) out.unit = patch.unit;
  if (patch.price !== undefined && variant.price_follows_model) out.price = patch.price;
  if (patch.name !== undefined && patch.name !== model.name) {
    if (variant.name === model.name) out.name = patch.name;
    else if (variant.name.startsWith(`${model.name} `))
      out.name = `${patch.name}${variant.name.slice(model.name.length)}`.slice(0, PRODUCT_NAME_MAX);
  }
  return out;
}

/** Dashboard: the catalog a store's tills see (tenant-wide products plus the store's own). */
export async function listCloudProducts(sql: Sql, tenantId: string): Promise<CloudProduct[]> {
  const rows = await sql.withTenant(tenantId, (q) =>
    q.query<CloudProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products ORDER BY name, id`),
  );
  return rows.map(toCloudProduct);
}
