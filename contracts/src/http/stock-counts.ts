import { Type, type Static } from "@sinclair/typebox";
import { MAX_STOCK_QUANTITY } from "../limits.js";
import { Closed, IdParams, Instant, Int, Nullable, RowId } from "./fields.js";
import { ProductSchema } from "./catalog.js";

/**
 * Stock counts (desktop/src/stock/counts.ts, routes in desktop/src/stock/count-routes.ts). Quantities are
 * units, or grams for weighed goods. Entries from every till are summed per product; each carries a
 * client id so a retried request never counts twice.
 */

export const COUNT_PRODUCTS_MAX = 5000;
export const COUNT_NOTE_MAX = 200;

export const CountScopeSchema = Type.Union([
  Type.Literal("all"),
  Type.Literal("category"),
  Type.Literal("products"),
]);
export type CountScope = Static<typeof CountScopeSchema>;
export const CountStatusSchema = Type.Union([
  Type.Literal("open"),
  Type.Literal("approved"),
  Type.Literal("cancelled"),
]);
export type CountStatus = Static<typeof CountStatusSchema>;

/** POST /api/stock-counts: the whole shop, one category, or a list of products. */
export const NewCountBody = Type.Object(
  {
    scope: CountScopeSchema,
    categoryId: Type.Optional(RowId),
    productIds: Type.Optional(Type.Array(RowId, { minItems: 1, maxItems: COUNT_PRODUCTS_MAX })),
    note: Type.Optional(Nullable(Type.String({ maxLength: COUNT_NOTE_MAX }))),
  },
  Closed,
);
export type NewCountInput = Static<typeof NewCountBody>;

/** POST /api/stock-counts/:id/entries: one scan or typed quantity (added to what was counted before). */
export const CountEntryBody = Type.Object(
  {
    /** Made by the till once per entry and resent unchanged on a retry. */
    clientId: Type.String({ minLength: 8, maxLength: 64 }),
    productId: RowId,
    quantity: Type.Integer({ minimum: 0, maximum: MAX_STOCK_QUANTITY }),
  },
  Closed,
);
export type CountEntryInput = Static<typeof CountEntryBody>;

export const CountSummarySchema = Type.Object(
  {
    id: Type.String(),
    number: Int,
    scope: CountScopeSchema,
    categoryId: Nullable(Type.String()),
    categoryName: Nullable(Type.String()),
    status: CountStatusSchema,
    note: Nullable(Type.String()),
    startedAt: Instant,
    closedAt: Nullable(Instant),
    products: Int,
    counted: Int,
  },
  Closed,
);
export type CountSummary = Static<typeof CountSummarySchema>;
export const CountList = Type.Array(CountSummarySchema);

/** One product of a count: expected is on-hand at the start plus the movements up to its last entry. */
export const CountLineSchema = Type.Object(
  {
    product: ProductSchema,
    onHandAtStart: Int,
    /** null until someone counts it; an uncounted product is left as it is on approval. */
    counted: Nullable(Int),
    expected: Nullable(Int),
    difference: Nullable(Int),
    entries: Int,
  },
  Closed,
);
export type CountLine = Static<typeof CountLineSchema>;

export const CountSchema = Type.Object(
  { count: CountSummarySchema, lines: Type.Array(CountLineSchema) },
  Closed,
);
export type StockCount = Static<typeof CountSchema>;

export const CountEntryAnswer = Type.Object(
  {
    entryId: Type.String(),
    /** false when this client id had already been recorded (a retry): nothing was added. */
    created: Type.Boolean(),
    line: CountLineSchema,
  },
  Closed,
);
export type CountEntryResult = Static<typeof CountEntryAnswer>;

export const CountParams = IdParams;
