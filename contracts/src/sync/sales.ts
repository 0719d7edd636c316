import { Type } from "@sinclair/typebox";
import { Id, Money, NonNegMoney, Nullable, Open, Qty, Text, Time } from "./fields.js";

/**
 * sale/created and sale/voided carry the whole sale as the till shows it (desktop/src/pos/sale-view.ts
 * Sale); the fields below are those the cloud projects (sales, sale_lines, sale_payments, sale_voids).
 * The till's Sale has more (discounts, IVA by rate, returns, warnings): they travel, unchecked.
 */

export const SaleLinePayload = Type.Object(
  {
    id: Id,
    lineNo: Type.Integer({ minimum: 1, maximum: 10_000 }),
    productId: Id,
    description: Text(300),
    unit: Type.Union([Type.Literal("each"), Type.Literal("kg")]),
    quantity: Qty,
    unitPrice: NonNegMoney,
    total: Money,
    ivaRate: Type.Integer({ minimum: 0, maximum: 10_000 }),
    net: Money,
    iva: Money,
  },
  Open,
);

export const SalePaymentPayload = Type.Object(
  { id: Id, method: Text(20), amount: Money, change: NonNegMoney },
  Open,
);

/** A void is the same sale with status "voided" and the void's who, when and why filled in. */
export const SalePayload = Type.Object(
  {
    id: Id,
    number: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
    terminalId: Id,
    terminalCode: Type.Integer({ minimum: 1, maximum: 9999 }),
    displayNumber: Text(40),
    cashSessionId: Id,
    status: Type.Union([Type.Literal("completed"), Type.Literal("voided")]),
    createdAt: Time,
    staffId: Id,
    staffName: Text(120),
    subtotal: Money,
    lineDiscountTotal: NonNegMoney,
    ticketDiscountTotal: NonNegMoney,
    total: Money,
    netTotal: Money,
    ivaTotal: Money,
    voidedAt: Nullable(Time),
    voidedBy: Nullable(Id),
    voidApprovedBy: Nullable(Id),
    voidReason: Nullable(Text(500)),
    lines: Type.Array(SaleLinePayload, { minItems: 1, maxItems: 500 }),
    payments: Type.Array(SalePaymentPayload, { maxItems: 50 }),
    /** The customer the sale was made to (desktop/src/customers/); absent or null: anonymous. */
    customerId: Type.Optional(Nullable(Id)),
    /** Loyalty points redeemed as a discount on the ticket (already inside total, net and IVA). */
    pointsDiscount: Type.Optional(
      Nullable(Type.Object({ points: Type.Integer({ minimum: 1 }), amount: NonNegMoney }, Open)),
    ),
    /** The turno the sale charged (desktop/src/turnos): its seña and obra social share are the payments
     * "deposit" and "coverage". Absent or null: none. */
    bookingId: Type.Optional(Nullable(Id)),
  },
  Open,
);

/** return/created: the till's Return (desktop/src/pos/return-view.ts); goods back in, money refunded. */
export const ReturnPayload = Type.Object(
  {
    id: Id,
    saleId: Id,
    displayNumber: Text(40),
    cashSessionId: Id,
    createdAt: Time,
    staffId: Id,
    reason: Text(500),
    total: Money,
    netTotal: Money,
    ivaTotal: Money,
    lines: Type.Array(Type.Object({ id: Id, productId: Id, quantity: Qty, total: Money }, Open), {
      minItems: 1,
      maxItems: 500,
    }),
    refunds: Type.Array(Type.Object({ id: Id, method: Text(20), amount: Money }, Open), { maxItems: 50 }),
  },
  Open,
);
