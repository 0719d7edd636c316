import { Type } from "@sinclair/typebox";
import { Id, NonNegMoney, Nullable, Open, Qty, Text, Time } from "./fields.js";

/**
 * Purchasing (desktop/src/purchasing/): suppliers, purchase orders and the goods received. Costs are
 * centavos per unit, or per kg for weighed goods (as prices are); quantities units or grams.
 */

/** supplier/created, supplier/updated: the whole supplier as it now is. */
export const SupplierPayload = Type.Object(
  {
    id: Id,
    name: Text(120),
    cuit: Nullable(Text(13)),
    contact: Nullable(Text(120)),
    phone: Nullable(Text(40)),
    email: Nullable(Text(254)),
    paymentTerms: Nullable(Text(200)),
    leadTimeDays: Type.Integer({ minimum: 1, maximum: 365 }),
    notes: Nullable(Text(1000)),
    active: Type.Boolean(),
    at: Time,
  },
  Open,
);

export const PurchaseOrderLinePayload = Type.Object(
  { productId: Id, quantity: Qty, unitCost: NonNegMoney, received: Type.Integer({ minimum: 0 }) },
  Open,
);

/** purchase_order/created, sent, received (partly or all), cancelled: the order with its lines as it now is. */
export const PurchaseOrderPayload = Type.Object(
  {
    id: Id,
    number: Type.Integer({ minimum: 1 }),
    supplierId: Id,
    status: Text(20),
    lines: Type.Array(PurchaseOrderLinePayload, { maxItems: 1000 }),
    total: NonNegMoney,
    note: Nullable(Text(500)),
    at: Time,
  },
  Open,
);

export const PurchaseReceiptLinePayload = Type.Object(
  {
    productId: Id,
    quantity: Qty,
    unitCost: NonNegMoney,
    /** The product's weighted average cost after this line. */
    averageCost: NonNegMoney,
    stockMovementId: Id,
  },
  Open,
);

/** purchase_receipt/created: goods received, against an order or without one. */
export const PurchaseReceiptPayload = Type.Object(
  {
    id: Id,
    orderId: Nullable(Id),
    supplierId: Nullable(Id),
    lines: Type.Array(PurchaseReceiptLinePayload, { minItems: 1, maxItems: 1000 }),
    total: NonNegMoney,
    staffId: Nullable(Id),
    at: Time,
  },
  Open,
);

/**
 * product_cost/updated: a product's weighted average cost set by hand (a cost sheet), not by a receipt
 * (whose lines carry the average they leave). Per unit, or per kg for weighed goods.
 */
export const ProductCostPayload = Type.Object(
  { productId: Id, averageCost: NonNegMoney, source: Text(20), at: Time },
  Open,
);
