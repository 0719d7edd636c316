import { Type, type Static } from "@sinclair/typebox";
import { Closed, Instant, Int, RowId } from "./fields.js";
import {
  ApprovalSchema,
  ClientId,
  DiscountSchema,
  MAX_LINES,
  MAX_PAYMENTS,
  PaymentInputSchema,
  Quantity,
  Reason,
  RefundInputSchema,
  ReturnSchema,
  SaleLineInputSchema,
  SaleSchema,
} from "./sales.js";

/**
 * Exchanges (cambios, desktop/src/api/routes/exchanges.ts): give back lines of an earlier sale and take
 * new items in one operation. The return's credit pays the new sale; only the difference is paid
 * (`payments`, when the new items cost more) or refunded (`refunds`, when they cost less).
 */

/** POST /api/exchanges */
export const ExchangeBody = Type.Object(
  {
    /** UUIDv7 made by the till: resending the same id returns the same exchange. */
    id: ClientId,
    /** The earlier sale the items come back from. */
    saleId: RowId,
    returnLines: Type.Array(Type.Object({ saleLineId: RowId, quantity: Quantity }, Closed), {
      minItems: 1,
      maxItems: MAX_LINES,
    }),
    newLines: Type.Array(SaleLineInputSchema, { minItems: 1, maxItems: MAX_LINES }),
    ticketDiscount: Type.Optional(DiscountSchema),
    /** The difference the customer pays (new items cost more); empty otherwise. */
    payments: Type.Array(PaymentInputSchema, { maxItems: MAX_PAYMENTS }),
    /** The difference the shop gives back (new items cost less); empty otherwise. */
    refunds: Type.Array(RefundInputSchema, { maxItems: MAX_PAYMENTS }),
    /** Why the items came back ("talle", "color"); "Cambio" when left out. */
    reason: Type.Optional(Reason),
    approval: Type.Optional(ApprovalSchema),
  },
  Closed,
);
export type ExchangeInput = Static<typeof ExchangeBody>;

/** GET /api/exchanges/:id */
export const ExchangeParams = Type.Object({ id: RowId }, Closed);

/** An exchange: both halves as their own views, and what linked them. */
export const ExchangeSchema = Type.Object(
  {
    id: Type.String(),
    createdAt: Instant,
    originalSaleId: Type.String(),
    /** The return half (its refunds: the credit as "exchange", plus the refunded difference). */
    returned: ReturnSchema,
    /** The new sale (its payments: the credit as "exchange", plus the paid difference). */
    sale: SaleSchema,
    /** The return's credit applied to the new sale. */
    credit: Int,
    /** New sale total − return total: > 0 paid by the customer, < 0 refunded by the shop. */
    difference: Int,
  },
  Closed,
);
export type Exchange = Static<typeof ExchangeSchema>;
