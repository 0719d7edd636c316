import { Type, type Static } from "@sinclair/typebox";
import { MAX_AMOUNT, MAX_STOCK_QUANTITY } from "../limits.js";
import { Closed, IdParams, Instant, Int, Nullable, RowId } from "./fields.js";

/**
 * Suppliers, purchase orders, receipts of goods, stock valuation at cost and reorder suggestions
 * (desktop/src/purchasing/routes.ts). Costs are centavos per unit, or per kg for weighed goods (as prices
 * are); quantities are units, or grams for weighed goods.
 */

export const SUPPLIER_NAME_MAX = 120;
export const SUPPLIER_NOTES_MAX = 1000;
export const LEAD_TIME_DAYS_MAX = 365;
export const PURCHASE_LINES_MAX = 500;

const Cost = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" });
const Quantity = Type.Integer({ minimum: 1, maximum: MAX_STOCK_QUANTITY });
const OptText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));

// ── suppliers ────────────────────────────────────────────────────────────────────────────────────────

/** POST /api/suppliers, PATCH /api/suppliers/:id (every field optional there). */
export const SupplierBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: SUPPLIER_NAME_MAX }),
    cuit: OptText(20),
    contact: OptText(120),
    phone: OptText(40),
    email: OptText(254),
    paymentTerms: OptText(200),
    /** Days from ordering to the goods arriving, and the days one order should cover. */
    leadTimeDays: Type.Optional(Type.Integer({ minimum: 1, maximum: LEAD_TIME_DAYS_MAX })),
    notes: OptText(SUPPLIER_NOTES_MAX),
    active: Type.Optional(Type.Boolean()),
  },
  Closed,
);
export type SupplierInput = Static<typeof SupplierBody>;
export const SupplierPatchBody = Type.Partial(SupplierBody, { ...Closed, minProperties: 1 });
export type SupplierPatch = Static<typeof SupplierPatchBody>;

export const SupplierSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    cuit: Nullable(Type.String()),
    contact: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    paymentTerms: Nullable(Type.String()),
    leadTimeDays: Int,
    notes: Nullable(Type.String()),
    active: Type.Boolean(),
  },
  Closed,
);
export type Supplier = Static<typeof SupplierSchema>;
export const SupplierList = Type.Array(SupplierSchema);
export const SupplierParams = IdParams;

// ── purchase orders ──────────────────────────────────────────────────────────────────────────────────

export const PurchaseOrderStatusSchema = Type.Union([
  Type.Literal("draft"),
  Type.Literal("sent"),
  Type.Literal("partly_received"),
  Type.Literal("received"),
  Type.Literal("cancelled"),
]);
export type PurchaseOrderStatus = Static<typeof PurchaseOrderStatusSchema>;

export const OrderLineBody = Type.Object({ productId: RowId, quantity: Quantity, unitCost: Cost }, Closed);
/** POST /api/purchase-orders: a draft. */
export const NewOrderBody = Type.Object(
  {
    supplierId: RowId,
    lines: Type.Array(OrderLineBody, { minItems: 1, maxItems: PURCHASE_LINES_MAX }),
    note: OptText(500),
  },
  Closed,
);
export type NewOrderInput = Static<typeof NewOrderBody>;

export const PurchaseOrderLineSchema = Type.Object(
  {
    productId: Type.String(),
    productName: Type.String(),
    sku: Type.String(),
    unit: Type.Union([Type.Literal("each"), Type.Literal("kg")]),
    barcodes: Type.Array(Type.String()),
    quantity: Int,
    received: Int,
    unitCost: Int,
    /** quantity × unitCost (per kg: grams ÷ 1000), rounded half away from zero. */
    total: Int,
  },
  Closed,
);
export type PurchaseOrderLine = Static<typeof PurchaseOrderLineSchema>;

export const PurchaseOrderSchema = Type.Object(
  {
    id: Type.String(),
    number: Int,
    supplierId: Type.String(),
    supplierName: Type.String(),
    status: PurchaseOrderStatusSchema,
    note: Nullable(Type.String()),
    total: Int,
    createdAt: Instant,
    sentAt: Nullable(Instant),
    closedAt: Nullable(Instant),
    lines: Type.Array(PurchaseOrderLineSchema),
  },
  Closed,
);
export type PurchaseOrder = Static<typeof PurchaseOrderSchema>;
export const PurchaseOrderList = Type.Array(PurchaseOrderSchema);
export const PurchaseOrderParams = IdParams;

// ── receipts ─────────────────────────────────────────────────────────────────────────────────────────

export const ReceiptLineBody = Type.Object({ productId: RowId, quantity: Quantity, unitCost: Cost }, Closed);
/**
 * POST /api/purchase-receipts: goods in, against an order (orderId) or without one (a supplier or none).
 * Receiving more than an order's line asked for is refused unless `allowOver` says the goods really came.
 */
export const ReceiptBody = Type.Object(
  {
    orderId: Type.Optional(Nullable(RowId)),
    supplierId: Type.Optional(Nullable(RowId)),
    lines: Type.Array(ReceiptLineBody, { minItems: 1, maxItems: PURCHASE_LINES_MAX }),
    allowOver: Type.Optional(Type.Boolean()),
  },
  Closed,
);
export type ReceiptInput = Static<typeof ReceiptBody>;

export const ReceiptAnswer = Type.Object(
  {
    id: Type.String(),
    orderId: Nullable(Type.String()),
    total: Int,
    order: Nullable(PurchaseOrderSchema),
    lines: Type.Array(
      Type.Object(
        { productId: Type.String(), quantity: Int, unitCost: Int, averageCost: Int, onHand: Int },
        Closed,
      ),
    ),
  },
  Closed,
);
export type ReceiptResult = Static<typeof ReceiptAnswer>;

// ── valuation and reorder ────────────────────────────────────────────────────────────────────────────

/** GET /api/stock/valuation: on hand × average cost, per category and in total (negative stock counts as 0). */
export const ValuationSchema = Type.Object(
  {
    categories: Type.Array(
      Type.Object(
        {
          categoryId: Nullable(Type.String()),
          categoryName: Nullable(Type.String()),
          products: Int,
          value: Int,
        },
        Closed,
      ),
    ),
    total: Int,
    /** Products with stock but no cost known yet (never received): valued at 0. */
    withoutCost: Int,
  },
  Closed,
);
export type Valuation = Static<typeof ValuationSchema>;

/** GET /api/stock/reorder: the low-stock list with a suggested order quantity. */
export const ReorderItemSchema = Type.Object(
  {
    productId: Type.String(),
    productName: Type.String(),
    sku: Type.String(),
    unit: Type.Union([Type.Literal("each"), Type.Literal("kg")]),
    onHand: Int,
    threshold: Int,
    /** Net units (or grams) sold per day over the last 28 days, rounded half away from zero. */
    dailySales: Int,
    suggested: Int,
    averageCost: Int,
    /** The supplier last received from for this product, if any. */
    supplierId: Nullable(Type.String()),
  },
  Closed,
);
export type ReorderItem = Static<typeof ReorderItemSchema>;
export const ReorderList = Type.Array(ReorderItemSchema);
export const ReorderQuery = Type.Object(
  { coverDays: Type.Optional(Type.Integer({ minimum: 1, maximum: LEAD_TIME_DAYS_MAX })) },
  Closed,
);

/** POST /api/purchase-orders/from-low-stock: a draft for one supplier from selected reorder lines. */
export const FromLowStockBody = Type.Object(
  {
    supplierId: RowId,
    lines: Type.Array(Type.Object({ productId: RowId, quantity: Quantity }, Closed), {
      minItems: 1,
      maxItems: PURCHASE_LINES_MAX,
    }),
  },
  Closed,
);
export type FromLowStockInput = Static<typeof FromLowStockBody>;
