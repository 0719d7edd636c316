import type { FieldHlcT, ProductField, ProductValuesT } from "@mostrador/contracts/sync/catalog";

// The product's fields, their bounds and clocks are the sync contract's (the till uploads them, the
// dashboard edits them, the catalog shape carries them down): re-exported for the catalog's modules.

/** Each product field, as the appliance names it, → its cloud column (repeated by the CHECKs of 0003, 0005 and 0012). */
export const PRODUCT_FIELDS = {
  sku: "sku",
  name: "name",
  categoryId: "category_id",
  price: "price",
  ivaRate: "iva_rate",
  unit: "unit",
  barcodes: "barcodes",
  scaleCode: "scale_code",
  lowStockThreshold: "low_stock_threshold",
  active: "active",
  variantAxes: "variant_axes",
  variantOf: "variant_of",
  variantValues: "variant_values",
  priceFollowsModel: "price_follows_model",
} as const satisfies Record<ProductField, string>;

/** A cloud product row as services read it (camelCase, numbers as numbers). */
export interface CloudProduct extends ProductValuesT {
  id: string;
  storeId: string | null;
  fieldHlc: FieldHlcT;
  updatedAt: string;
}

export interface CloudProductRow {
  id: string;
  store_id: string | null;
  sku: string;
  name: string;
  category_id: string | null;
  price: number | string;
  iva_rate: number;
  unit: "each" | "kg";
  barcodes: string[];
  scale_code: number | null;
  low_stock_threshold: number | string | null;
  active: boolean;
  variant_axes: ProductValuesT["variantAxes"];
  variant_of: string | null;
  variant_values: string[] | null;
  price_follows_model: boolean;
  field_hlc: FieldHlcT;
  updated_at: Date;
}

export const PRODUCT_COLUMNS =
  "id, store_id, sku, name, category_id, price, iva_rate, unit, barcodes, scale_code, low_stock_threshold, active, variant_axes, variant_of, variant_values, price_follows_model, field_hlc, updated_at";

export function toCloudProduct(r: CloudProductRow): CloudProduct {
  return {
    id: r.id,
    storeId: r.store_id,
    sku: r.sku,
    name: r.name,
    categoryId: r.category_id,
    // bigint columns: bounded by the CHECKs far below 2^53, so Number() is exact.
    price: Number(r.price),
    ivaRate: r.iva_rate as ProductValuesT["ivaRate"],
    unit: r.unit,
    barcodes: r.barcodes,
    scaleCode: r.scale_code,
    lowStockThreshold: r.low_stock_threshold === null ? null : Number(r.low_stock_threshold),
    active: r.active,
    variantAxes: r.variant_axes,
    variantOf: r.variant_of,
    variantValues: r.variant_values,
    priceFollowsModel: r.price_follows_model,
    fieldHlc: r.field_hlc,
    updatedAt: r.updated_at.toISOString(),
  };
}
