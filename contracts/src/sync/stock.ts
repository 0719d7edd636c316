import { Type } from "@sinclair/typebox";
import { MAX_STOCK_QUANTITY } from "../limits.js";
import { Id, Money, NonNegMoney, Nullable, Open, SignedQty, Text, Time } from "./fields.js";

/**
 * stock_movement/created: a hand correction, a receipt or a count (desktop/src/stock/adjust.ts); sales,
 * returns and voids move stock through their own payloads. `note` and `staffId` came later: optional,
 * so an older appliance's movements still upload.
 */
export const StockMovementPayload = Type.Object(
  {
    id: Id,
    productId: Id,
    quantity: SignedQty,
    reason: Text(20),
    at: Time,
    note: Type.Optional(Nullable(Text(500))),
    staffId: Type.Optional(Nullable(Id)),
  },
  Open,
);

/** One product of an approved count: what was expected, counted, the difference and its value at cost. */
export const StockCountLinePayload = Type.Object(
  {
    productId: Id,
    expected: SignedQty,
    counted: Type.Integer({ minimum: 0, maximum: MAX_STOCK_QUANTITY }),
    difference: SignedQty,
    /** The product's weighted average cost at approval (per unit or per kg), null when never costed. */
    unitCost: Nullable(NonNegMoney),
    /** difference × unitCost (grams × cost per kg ÷ 1000), centavos; null without a cost. */
    value: Nullable(Money),
  },
  Open,
);

/**
 * stock_count/started, approved, cancelled (desktop/src/stock/counts.ts): the count as it now is. `lines`
 * are the counted products on approval (empty before); the movements themselves travel as stock_movement.
 */
export const StockCountPayload = Type.Object(
  {
    id: Id,
    number: Type.Integer({ minimum: 1 }),
    scope: Text(20),
    categoryId: Nullable(Id),
    status: Text(20),
    note: Nullable(Text(500)),
    products: Type.Integer({ minimum: 0 }),
    startedBy: Id,
    startedAt: Time,
    closedBy: Nullable(Id),
    closedAt: Nullable(Time),
    lines: Type.Array(StockCountLinePayload, { maxItems: 200_000 }),
    at: Time,
  },
  Open,
);
