import {
  BARCODE_MAX,
  MAX_AMOUNT,
  MAX_BARCODES,
  MAX_LOW_STOCK_THRESHOLD,
  MAX_SCALE_CODE,
  PRODUCT_NAME_MAX,
  SKU_MAX,
} from "@mostrador/contracts/limits";
import { Type, type Static } from "@sinclair/typebox";
import { HLC_PATTERN } from "./hlc.js";

/**
 * The product fields both sides edit, as the appliance names them (its outbox payload and the
 * Product of desktop/src/catalog) → the cloud column. Each one is merged on its own under the
 * per-field last-writer-wins policy (docs/sync-protocol.md).
 */
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
} as const;

export type ProductField = keyof typeof PRODUCT_FIELDS;
export const PRODUCT_FIELD_NAMES = Object.keys(PRODUCT_FIELDS) as ProductField[];

/** The appliance's bounds (contracts/limits, shared), repeated by the CHECKs of 0003 and 0005. */
export const ProductValues = {
  // The appliance allows letters, digits and . _ - /; no whitespace is the part both regex engines share.
  sku: Type.String({ minLength: 1, maxLength: SKU_MAX, pattern: "^\\S+$" }),
  name: Type.String({ minLength: 1, maxLength: PRODUCT_NAME_MAX, pattern: "\\S" }),
  categoryId: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
  price: Type.Integer({ minimum: 0, maximum: MAX_AMOUNT }),
  ivaRate: Type.Union([Type.Literal(0), Type.Literal(1050), Type.Literal(2100)]),
  unit: Type.Union([Type.Literal("each"), Type.Literal("kg")]),
  barcodes: Type.Array(
    Type.String({ minLength: 1, maxLength: BARCODE_MAX, pattern: `^[0-9A-Za-z.-]{1,${BARCODE_MAX}}$` }),
    { maxItems: MAX_BARCODES },
  ),
  scaleCode: Type.Union([Type.Integer({ minimum: 0, maximum: MAX_SCALE_CODE }), Type.Null()]),
  lowStockThreshold: Type.Union([
    Type.Integer({ minimum: 0, maximum: MAX_LOW_STOCK_THRESHOLD }),
    Type.Null(),
  ]),
  active: Type.Boolean(),
};

export const Hlc = Type.String({ maxLength: 60, pattern: HLC_PATTERN.source });

/** Field → clock of the edit that set it; only fields the writer actually changed. */
export const FieldHlc = Type.Partial(
  Type.Object(
    Object.fromEntries(PRODUCT_FIELD_NAMES.map((f) => [f, Hlc])) as Record<ProductField, typeof Hlc>,
    { additionalProperties: false },
  ),
);

export type ProductValuesT = { [K in ProductField]: Static<(typeof ProductValues)[K]> };
export type FieldHlcT = Partial<Record<ProductField, string>>;

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
  field_hlc: FieldHlcT;
  updated_at: Date;
}

export const PRODUCT_COLUMNS =
  "id, store_id, sku, name, category_id, price, iva_rate, unit, barcodes, scale_code, low_stock_threshold, active, field_hlc, updated_at";

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
    fieldHlc: r.field_hlc,
    updatedAt: r.updated_at.toISOString(),
  };
}
