import { Type, type Static } from "@sinclair/typebox";
import {
  BARCODE_MAX,
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
    /** Units, or grams for weighed goods; may be negative when the shop sells below zero. */
    onHand: Int,
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
