import { Type, type Static } from "@sinclair/typebox";
import {
  BARCODE_MAX,
  MAX_AMOUNT,
  MAX_BARCODES,
  MAX_LOW_STOCK_THRESHOLD,
  MAX_SCALE_CODE,
  PRODUCT_NAME_MAX,
  SKU_MAX,
} from "../limits.js";
import { Id, Open } from "./fields.js";

/**
 * Hybrid logical clock, text form `<wall ms, 15 digits>-<counter, 5 digits>-<node>`: fixed widths make
 * string order clock order in PostgreSQL, SQLite and TypeScript alike. The appliance stamps it in SQL
 * (desktop 0010_sync_download.sql), the cloud in cloud/src/catalog/hlc.ts.
 */
export const HLC_PATTERN = /^\d{15}-\d{5}-[a-z0-9]{1,32}$/;

/** Bounds of a variant grid (generous: a schema may only widen once appliances send it). */
export const MAX_VARIANT_AXES = 5;
export const MAX_VARIANT_AXIS_VALUES = 200;
export const VARIANT_TEXT_MAX = 60;

const VariantText = Type.String({ minLength: 1, maxLength: VARIANT_TEXT_MAX, pattern: "\\S" });

/** One axis of a model's grid, e.g. {"name":"Talle","values":["S","M","L"]}. */
export const VariantAxis = Type.Object(
  {
    name: VariantText,
    values: Type.Array(VariantText, { minItems: 1, maxItems: MAX_VARIANT_AXIS_VALUES }),
  },
  { additionalProperties: false },
);

/**
 * The variant columns of a product (desktop 0019_variants.sql), merged per field like the rest: a
 * MODEL has `variantAxes`; a VARIANT has `variantOf` (its model) and `variantValues` (one value per
 * axis, in axis order) and `priceFollowsModel`. A single-variant product has both null.
 */
export const VariantValues = {
  variantAxes: Type.Union([
    Type.Array(VariantAxis, { minItems: 1, maxItems: MAX_VARIANT_AXES }),
    Type.Null(),
  ]),
  // A pattern, not format "uuid": TypeBox's Value.Check (the cloud's dashboard writes) knows no formats.
  variantOf: Type.Union([
    Type.String({
      maxLength: 36,
      pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    }),
    Type.Null(),
  ]),
  variantValues: Type.Union([
    Type.Array(VariantText, { minItems: 1, maxItems: MAX_VARIANT_AXES }),
    Type.Null(),
  ]),
  priceFollowsModel: Type.Boolean(),
};

/** The variant fields: optional in an op, since appliances from before them never send them. */
export const VARIANT_FIELD_NAMES = [
  "variantAxes",
  "variantOf",
  "variantValues",
  "priceFollowsModel",
] as const;

/**
 * The product fields both sides edit, as the appliance names them (its Product, desktop/src/catalog),
 * with the bounds both apply (contracts/limits). Each is merged on its own under per-field
 * last-writer-wins (docs/sync-protocol.md).
 */
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
  ...VariantValues,
};

export type ProductField = keyof typeof ProductValues;
export const PRODUCT_FIELD_NAMES = Object.keys(ProductValues) as ProductField[];
export type ProductValuesT = { [K in ProductField]: Static<(typeof ProductValues)[K]> };

export const Hlc = Type.String({ maxLength: 60, pattern: HLC_PATTERN.source });

/** Field → clock of the edit that set it; only fields the writer actually changed. */
export const FieldHlc = Type.Partial(
  Type.Object(
    Object.fromEntries(PRODUCT_FIELD_NAMES.map((f) => [f, Hlc])) as Record<ProductField, typeof Hlc>,
    { additionalProperties: false },
  ),
);
export type FieldHlcT = Partial<Record<ProductField, string>>;

/**
 * product/created and product/updated: the appliance's Product without on-hand (which travels as stock
 * movements), plus `fieldHlc`, which the appliance's outbox trigger adds after the insert (desktop
 * 0010_sync_download.sql) and an appliance from before that trigger never sent.
 */
export const ProductPayload = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    ...ProductValues,
    // Added with variants (issue 14): optional, so an older appliance's ops stay valid.
    variantAxes: Type.Optional(VariantValues.variantAxes),
    variantOf: Type.Optional(VariantValues.variantOf),
    variantValues: Type.Optional(VariantValues.variantValues),
    priceFollowsModel: Type.Optional(VariantValues.priceFollowsModel),
    /**
     * Sent once, on the product/updated of a simple product converted to a model: the variant that kept
     * its stock and barcodes, where returns and voids of its earlier sales put the goods back.
     */
    stockVariantId: Type.Optional(Type.String({ format: "uuid" })),
    fieldHlc: Type.Optional(FieldHlc),
  },
  Open,
);

export const CATEGORY_NAME_MAX = 60;
export const CategoryName = Type.String({ minLength: 1, maxLength: CATEGORY_NAME_MAX, pattern: "\\S" });

/**
 * category/created and category/updated (a rename). `fieldHlc` ({ name: clock }) is added by the
 * appliance's outbox trigger (sync 0025) for the same per-field last-writer-wins as products; an
 * appliance from before it sends none (the op's time is the clock then).
 */
export const CategoryPayload = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: CATEGORY_NAME_MAX }),
    fieldHlc: Type.Optional(Type.Object({ name: Type.Optional(Hlc) }, { additionalProperties: false })),
  },
  Open,
);

/** The case-insensitive form two category names clash on, the same at the till and in the cloud. */
export function categoryNameKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLocaleLowerCase("es-AR");
}
