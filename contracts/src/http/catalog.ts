import { Type, type Static } from "@sinclair/typebox";
import {
  AXIS_NAME_MAX,
  AXIS_VALUE_MAX,
  BARCODE_MAX,
  MAX_AXIS_VALUES,
  MAX_VARIANT_AXES,
  MAX_VARIANT_CELLS,
  MAX_AMOUNT,
  MAX_BARCODES,
  MAX_LOW_STOCK_THRESHOLD,
  MAX_SCALE_CODE,
  MAX_STOCK_QUANTITY,
  PRODUCT_NAME_MAX,
  SKU_MAX,
} from "../limits.js";
import { Closed, IdParams, Int, Nullable, RowId } from "./fields.js";
import { IvaRateSchema, UnitSchema } from "./sales.js";

/** Products, categories, scans and stock (desktop/src/api/routes/catalog.ts). */

/** Most products one page of GET /api/products lists. */
export const MAX_PAGE_SIZE = 200;

const productFields = {
  sku: Type.String({ minLength: 1, maxLength: SKU_MAX }),
  name: Type.String({ minLength: 1, maxLength: PRODUCT_NAME_MAX }),
  categoryId: Type.Optional(Nullable(RowId)),
  price: Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" }),
  ivaRate: IvaRateSchema,
  unit: UnitSchema,
  barcodes: Type.Array(Type.String({ minLength: 1, maxLength: BARCODE_MAX }), { maxItems: MAX_BARCODES }),
  scaleCode: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: MAX_SCALE_CODE }))),
  lowStockThreshold: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: MAX_LOW_STOCK_THRESHOLD }))),
};

/** POST /api/products */
export const CreateProductBody = Type.Object(
  { ...productFields, barcodes: Type.Optional(productFields.barcodes) },
  Closed,
);
export type CreateProductInput = Static<typeof CreateProductBody>;

/** PATCH /api/products/:id: any of the fields, and `active` to retire or bring back a product. */
export const PatchProductBody = Type.Object(
  {
    sku: Type.Optional(productFields.sku),
    name: Type.Optional(productFields.name),
    categoryId: productFields.categoryId,
    price: Type.Optional(productFields.price),
    ivaRate: Type.Optional(productFields.ivaRate),
    unit: Type.Optional(productFields.unit),
    barcodes: Type.Optional(productFields.barcodes),
    scaleCode: productFields.scaleCode,
    lowStockThreshold: productFields.lowStockThreshold,
    active: Type.Optional(Type.Boolean()),
  },
  Closed,
);
export type PatchProductInput = Static<typeof PatchProductBody>;

/** GET /api/products */
export const ProductsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    categoryId: Type.Optional(RowId),
    active: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  Closed,
);
export type ProductsQuery = Static<typeof ProductsQuery>;

export const ProductParams = IdParams;
/** GET /api/scan/:code */
export const ScanParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }, Closed);

/** POST /api/categories */
export const CategoryBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }) }, Closed);

export const AdjustmentReasonSchema = Type.Union([
  Type.Literal("adjustment"),
  Type.Literal("receipt"),
  Type.Literal("count"),
]);
export type AdjustmentReason = Static<typeof AdjustmentReasonSchema>;

/** POST /api/stock/adjustments */
export const AdjustmentBody = Type.Object(
  {
    productId: RowId,
    quantity: Type.Integer({
      minimum: -MAX_STOCK_QUANTITY,
      maximum: MAX_STOCK_QUANTITY,
      measure: "quantity",
    }),
    reason: AdjustmentReasonSchema,
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  Closed,
);

/** One option axis of a model: its name as the shop calls it (Talle, Color) and its values in display order. */
export const VariantAxisSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: AXIS_NAME_MAX }),
    values: Type.Array(Type.String({ minLength: 1, maxLength: AXIS_VALUE_MAX }), {
      minItems: 1,
      maxItems: MAX_AXIS_VALUES,
    }),
  },
  Closed,
);
export type VariantAxis = Static<typeof VariantAxisSchema>;

/** A product as the till, the API and the UI see it. */
export const ProductSchema = Type.Object(
  {
    id: Type.String(),
    sku: Type.String(),
    name: Type.String(),
    categoryId: Nullable(Type.String()),
    categoryName: Nullable(Type.String()),
    /** Centavos, IVA included; per kg when unit is "kg". */
    price: Int,
    ivaRate: IvaRateSchema,
    unit: UnitSchema,
    barcodes: Type.Array(Type.String()),
    scaleCode: Nullable(Int),
    /** Units, or grams for weighed goods. */
    lowStockThreshold: Nullable(Int),
    active: Type.Boolean(),
    /**
     * AVAILABLE: on hand minus what online orders not yet prepared reserve (desktop/src/stock/reservations.ts).
     * Units, or grams for weighed goods; may be negative when the shop sells below zero.
     */
    onHand: Int,
    /** Of the shelf's stock, how much online orders reserve (already taken out of onHand); absent: none. */
    reserved: Type.Optional(Int),
    /** On a model (a product with variants): its option axes. A model is never sold, scanned or stocked. */
    variantAxes: Type.Optional(Nullable(Type.Array(VariantAxisSchema))),
    /** On a variant: its model's id. */
    variantOf: Type.Optional(Nullable(Type.String())),
    /** On a variant: one value per axis of its model, in axis order. */
    variantValues: Type.Optional(Nullable(Type.Array(Type.String()))),
    /** On a variant: true while its price follows the model's. */
    priceFollowsModel: Type.Optional(Type.Boolean()),
  },
  Closed,
);
export type Product = Static<typeof ProductSchema>;

/** GET /api/products: one page, and how many match in all. */
export const ProductPageSchema = Type.Object({ items: Type.Array(ProductSchema), total: Int }, Closed);
export type ProductPage = Static<typeof ProductPageSchema>;

export const CategorySchema = Type.Object({ id: Type.String(), name: Type.String() }, Closed);
export type Category = Static<typeof CategorySchema>;
export const CategoryList = Type.Array(CategorySchema);

/** GET /api/scan/:code: what a scan puts on the ticket. */
export const ScanAnswerSchema = Type.Object(
  {
    product: ProductSchema,
    /** Units, or grams for weighed goods. */
    quantity: Int,
    /** Centavos printed on a price label (the line total, IVA included); null otherwise. */
    labelTotal: Nullable(Int),
    /**
     * Where the quantity came from: the product's own barcode (one unit, or a weight still to be entered
     * for goods sold by the kg), or a label-scale code that carried the weight or the price.
     */
    source: Type.Union([Type.Literal("barcode"), Type.Literal("weight_label"), Type.Literal("price_label")]),
    /** The code as scanned (trimmed), kept on the sale line. */
    barcode: Type.String(),
  },
  Closed,
);
export type ScanAnswer = Static<typeof ScanAnswerSchema>;

/** GET /api/stock/low: emptiest first. */
export const LowStockItemSchema = Type.Object(
  { product: ProductSchema, onHand: Int, threshold: Int },
  Closed,
);
export type LowStockItem = Static<typeof LowStockItemSchema>;
export const LowStockList = Type.Array(LowStockItemSchema);

/** POST /api/stock/adjustments: what is on hand after it. */
export const AdjustmentAnswer = Type.Object({ onHand: Int }, Closed);

/** What a variant may set for itself; everything else (name, category, IVA, unit) comes from its model. */
const variantFields = {
  sku: Type.Optional(productFields.sku),
  barcodes: Type.Optional(productFields.barcodes),
  /** Its own price (the override), or null to follow the model's again. */
  price: Type.Optional(Nullable(productFields.price)),
  /** Unit cost in centavos (the weighted average the next receipt averages from). */
  cost: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" })),
  active: Type.Optional(Type.Boolean()),
  lowStockThreshold: productFields.lowStockThreshold,
};

/** One cell of a new grid: which values it is, and what it does not take from the defaults. */
export const VariantCellInputSchema = Type.Object(
  {
    values: Type.Array(Type.String({ minLength: 1, maxLength: AXIS_VALUE_MAX }), {
      minItems: 1,
      maxItems: MAX_VARIANT_AXES,
    }),
    ...variantFields,
  },
  Closed,
);
export type VariantCellInput = Static<typeof VariantCellInputSchema>;

const Axes = Type.Array(VariantAxisSchema, { minItems: 1, maxItems: MAX_VARIANT_AXES });
const Cells = Type.Array(VariantCellInputSchema, { maxItems: MAX_VARIANT_CELLS });

/** POST /api/variant-models: a product with variants (the model) and its whole grid, one variant per cell. */
export const CreateModelBody = Type.Object(
  {
    sku: productFields.sku,
    name: productFields.name,
    categoryId: productFields.categoryId,
    price: productFields.price,
    ivaRate: productFields.ivaRate,
    unit: productFields.unit,
    lowStockThreshold: productFields.lowStockThreshold,
    axes: Axes,
    cells: Type.Optional(Cells),
  },
  Closed,
);
export type CreateModelInput = Static<typeof CreateModelBody>;

/**
 * PUT /api/products/:id/variant-axes: the model's axes with values added or removed (an axis renamed by
 * position). New cells are created; a removed value's cells are deactivated, never deleted.
 */
export const SetAxesBody = Type.Object({ axes: Axes, cells: Type.Optional(Cells) }, Closed);
export type SetAxesInput = Static<typeof SetAxesBody>;

/**
 * POST /api/products/:id/convert-to-model: a simple product becomes a model. Its sales and movements stay
 * on its row; its barcodes and on-hand move to the variant `keep` names.
 */
export const ConvertToModelBody = Type.Object(
  {
    axes: Axes,
    keep: Type.Array(Type.String({ minLength: 1, maxLength: AXIS_VALUE_MAX }), {
      minItems: 1,
      maxItems: MAX_VARIANT_AXES,
    }),
    cells: Type.Optional(Cells),
  },
  Closed,
);
export type ConvertToModelInput = Static<typeof ConvertToModelBody>;

/** PATCH /api/variants/:id */
export const PatchVariantBody = Type.Object(variantFields, Closed);
export type PatchVariantInput = Static<typeof PatchVariantBody>;

/**
 * PATCH /api/products/:id/variants: the grid editor's save, several cells of one model (named by their
 * values) edited at once, all or nothing: a barcode typed in two cells refuses the whole save.
 */
export const PatchVariantsBody = Type.Object(
  { cells: Type.Array(VariantCellInputSchema, { minItems: 1, maxItems: MAX_VARIANT_CELLS }) },
  Closed,
);
export type PatchVariantsInput = Static<typeof PatchVariantsBody>;

/** One cell of a model's grid as the till shows it. */
export const VariantCellSchema = Type.Object(
  {
    variantId: Type.String(),
    values: Type.Array(Type.String()),
    /** The variant's full name: "Remera lisa · M / Negro". */
    name: Type.String(),
    sku: Type.String(),
    barcodes: Type.Array(Type.String()),
    price: Int,
    priceFollowsModel: Type.Boolean(),
    cost: Nullable(Int),
    onHand: Int,
    active: Type.Boolean(),
  },
  Closed,
);
export type VariantCell = Static<typeof VariantCellSchema>;

/** GET /api/products/:id/variants: the model, its axes, and every cell (inactive ones too, flagged). */
export const VariantGridSchema = Type.Object(
  { model: ProductSchema, axes: Type.Array(VariantAxisSchema), cells: Type.Array(VariantCellSchema) },
  Closed,
);
export type VariantGrid = Static<typeof VariantGridSchema>;
