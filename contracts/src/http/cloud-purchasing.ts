import { Type, type Static } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable } from "./fields.js";

/**
 * GET /v1/dashboard/purchasing (cloud/src/purchasing/routes.ts): per store, stock valued at its weighted
 * average cost (by category and in total) and the recent purchase orders, receipts and stock counts its
 * appliance uploaded. Money in centavos.
 */

export const CloudValuationCategory = Type.Object(
  { categoryId: Nullable(Type.String()), categoryName: Nullable(Type.String()), value: Int },
  Closed,
);

export const CloudStoreValuation = Type.Object(
  {
    storeId: Type.String(),
    storeName: Type.String(),
    total: Int,
    /** Products with stock but no cost known to the cloud: valued at 0. */
    withoutCost: Int,
    categories: Type.Array(CloudValuationCategory),
  },
  Closed,
);

export const CloudPurchaseOrder = Type.Object(
  {
    id: Type.String(),
    storeId: Type.String(),
    storeName: Type.String(),
    number: Int,
    supplierName: Nullable(Type.String()),
    status: Type.String(),
    total: Int,
    at: Instant,
  },
  Closed,
);

export const CloudPurchaseReceipt = Type.Object(
  {
    id: Type.String(),
    storeId: Type.String(),
    storeName: Type.String(),
    supplierName: Nullable(Type.String()),
    orderNumber: Nullable(Int),
    total: Int,
    at: Instant,
  },
  Closed,
);

/** A stock count: its differences valued at the average cost the appliance had when it was approved. */
export const CloudStockCount = Type.Object(
  {
    id: Type.String(),
    storeId: Type.String(),
    storeName: Type.String(),
    number: Int,
    scope: Type.String(),
    categoryName: Nullable(Type.String()),
    status: Type.String(),
    products: Int,
    /** Counted products whose quantity differed from the expected one. */
    differences: Int,
    /** Sum of the differences at cost, centavos: negative is stock missing. */
    differenceValue: Int,
    /** Differing products without a known cost (not in differenceValue). */
    withoutCost: Int,
    startedAt: Instant,
    closedAt: Nullable(Instant),
  },
  Closed,
);

export const PurchasingAnswer = Type.Object(
  {
    valuation: Type.Array(CloudStoreValuation),
    orders: Type.Array(CloudPurchaseOrder),
    receipts: Type.Array(CloudPurchaseReceipt),
    counts: Type.Array(CloudStockCount),
  },
  Closed,
);
export type PurchasingAnswer = Static<typeof PurchasingAnswer>;

export const PurchasingQuery = Type.Object(
  {
    storeId: Type.Optional(Type.String({ format: "uuid" })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  Closed,
);
