import { Type, type Static } from "@sinclair/typebox";
import { MAX_AMOUNT } from "../limits.js";
import { Closed, Instant, Int, Nullable, RowId } from "./fields.js";
import { PriceRoundingSchema } from "./settings.js";

/**
 * Bulk price changes and price history (desktop/src/catalog/bulk-prices.ts, price-history.ts). Prices are
 * centavos with IVA, per kg for weighed goods. The preview and the apply take the same body and compute
 * the same rows.
 */

export const BULK_PRICE_PRODUCTS_MAX = 5000;
/** ±1000 %: beyond that a percentage is a typo. Basis points: 1000 = 10 %. */
export const BULK_PERCENT_BP_MAX = 100_000;

export const BulkPriceBody = Type.Object(
  {
    target: Type.Union([Type.Literal("category"), Type.Literal("supplier"), Type.Literal("products")]),
    categoryId: Type.Optional(RowId),
    supplierId: Type.Optional(RowId),
    productIds: Type.Optional(Type.Array(RowId, { minItems: 1, maxItems: BULK_PRICE_PRODUCTS_MAX })),
    /** "percent": amount in basis points (1000 = +10 %); "amount": centavos added (negative lowers). */
    mode: Type.Union([Type.Literal("percent"), Type.Literal("amount")]),
    amount: Type.Integer({ minimum: -MAX_AMOUNT, maximum: MAX_AMOUNT }),
    /** Omitted: the shop's setting (Ajustes → priceRounding). */
    rounding: Type.Optional(PriceRoundingSchema),
  },
  Closed,
);
export type BulkPriceInput = Static<typeof BulkPriceBody>;

export const BulkPriceRowSchema = Type.Object(
  {
    productId: Type.String(),
    sku: Type.String(),
    name: Type.String(),
    unit: Type.Union([Type.Literal("each"), Type.Literal("kg")]),
    oldPrice: Int,
    newPrice: Int,
  },
  Closed,
);
export type BulkPriceRow = Static<typeof BulkPriceRowSchema>;

/** POST /api/prices/bulk/preview and POST /api/prices/bulk (apply): the same rows. */
export const BulkPriceAnswer = Type.Object(
  {
    rounding: PriceRoundingSchema,
    rows: Type.Array(BulkPriceRowSchema),
    /** Rows whose price changes (the rest are listed but left alone). */
    changed: Int,
    /** Set when applied: the id every history row of this change points at. */
    changeId: Nullable(Type.String()),
  },
  Closed,
);
export type BulkPriceResult = Static<typeof BulkPriceAnswer>;

export const PriceChangeSchema = Type.Object(
  {
    id: Type.String(),
    oldPrice: Int,
    newPrice: Int,
    source: Type.String(),
    refId: Nullable(Type.String()),
    staffName: Nullable(Type.String()),
    at: Instant,
  },
  Closed,
);
export type PriceChange = Static<typeof PriceChangeSchema>;
/** GET /api/products/:id/price-history: newest first. */
export const PriceHistoryList = Type.Array(PriceChangeSchema);
