import { Type, type Static } from "@sinclair/typebox";
import { MAX_AMOUNT, MAX_LINE_GRAMS } from "../limits.js";
import { Closed, IdParams, Instant, Int, Nullable, RowId } from "./fields.js";
import { BuyerDocSchema } from "./invoicing.js";

/**
 * Sales, voids and returns (desktop/src/api/routes/sales.ts): what the till sends and what it gets back.
 * The answers are the domain's own views (desktop/src/pos/sale-view.ts, return-view.ts use these types).
 */

// "exchange" is the credit of an exchange's return half applied to its new sale (desktop/src/pos/exchanges.ts):
// the server writes it, a cashier never picks it (TENDER_METHODS in pos/payments.ts), and it moves no money.
// "account": charged to the customer's cuenta corriente (desktop/src/accounts); "points": paid with the
// customer's loyalty points (desktop/src/loyalty). Both need the sale's customer. "card": the sale's prepaid
// card or wristband (desktop/src/cards; the sale's `cardId`), charged to its ledger in the sale's transaction.
// "deposit" (seña) and "coverage" (a cargo de obra social): the part of a turno's price paid before or owed by
// the patient's obra social, only on the sale that charges a booking (`bookingId`, desktop/src/turnos); they
// move no drawer money and a cashier never picks them.
// "online": what a Tiendanube or Mercado Libre buyer already paid the channel; only on the sale a "pedido
// online" becomes at the till (desktop/src/online-orders), never picked by a cashier, moves no drawer money.
export const PAYMENT_METHODS = [
  "cash",
  "debit",
  "credit",
  "transfer",
  "exchange",
  "account",
  "points",
  "card",
  "mercadopago",
  "deposit",
  "coverage",
  "online",
] as const;
export const IVA_RATES = [0, 1050, 2100] as const;
/** Most payments (or refunds) one ticket may carry. */
export const MAX_PAYMENTS = 20;
export const MAX_REFERENCE_LENGTH = 80;
/** One ticket is a shop counter sale, not a warehouse dispatch. */
export const MAX_LINES = 500;
export const MAX_SALES_PAGE = 500;

export const PaymentMethodSchema = Type.Union([
  Type.Literal("cash"),
  Type.Literal("debit"),
  Type.Literal("credit"),
  Type.Literal("transfer"),
  Type.Literal("exchange"),
  Type.Literal("account"),
  Type.Literal("points"),
  Type.Literal("card"),
  Type.Literal("mercadopago"),
  Type.Literal("deposit"),
  Type.Literal("coverage"),
  Type.Literal("online"),
]);
export type PaymentMethod = Static<typeof PaymentMethodSchema>;

export const IvaRateSchema = Type.Union([Type.Literal(0), Type.Literal(1050), Type.Literal(2100)]);
export type IvaRate = Static<typeof IvaRateSchema>;

export const UnitSchema = Type.Union([Type.Literal("each"), Type.Literal("kg")]);
export type Unit = Static<typeof UnitSchema>;

export const DiscountSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal("percent"), Type.Literal("amount")]),
    // basis points for percent (checked ≤ 10000 by the domain), centavos for amount
    value: Type.Integer({ minimum: 0, maximum: MAX_AMOUNT }),
  },
  Closed,
);
export type Discount = Static<typeof DiscountSchema>;

/** A manager's PIN typed on the till, for what the cashier alone may not do. */
export const ApprovalSchema = Type.Object(
  { staffId: RowId, pin: Type.String({ minLength: 1, maxLength: 12 }) },
  Closed,
);
export type Approval = Static<typeof ApprovalSchema>;

/**
 * Loyalty points redeemed as a DISCOUNT on the ticket (desktop/src/loyalty): `points` of the customer's,
 * worth `amount` centavos (points × the shop's point value; the server refuses a stale value). Unlike the
 * "points" payment it lowers the taxable base; it is not the cashier's discount (no manager limit).
 */
export const PointsDiscountSchema = Type.Object(
  {
    points: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
    amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, measure: "money" }),
  },
  Closed,
);
export type PointsDiscount = Static<typeof PointsDiscountSchema>;

// ── requests ─────────────────────────────────────────────────────────────────────────────────────────

// The till makes ids (UUIDv7) before sending, so a resend after a network failure is recognised.
export const ClientId = Type.String({
  minLength: 36,
  maxLength: 36,
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
});
// Units, or grams for weighed goods; the domain narrows units to 100.000.
export const Quantity = Type.Integer({ minimum: 1, maximum: MAX_LINE_GRAMS, measure: "quantity" });
const Reference = Type.String({ maxLength: MAX_REFERENCE_LENGTH });
export const Reason = Type.String({ minLength: 1, maxLength: 200 });
const PaidAmount = Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, measure: "money" });

export const PaymentInputSchema = Type.Object(
  {
    method: PaymentMethodSchema,
    amount: PaidAmount,
    tendered: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" })),
    reference: Type.Optional(Reference),
  },
  Closed,
);
export type PaymentInput = Static<typeof PaymentInputSchema>;

export const SaleLineInputSchema = Type.Object(
  {
    productId: Type.Optional(RowId),
    barcode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    quantity: Type.Optional(Quantity),
    discount: Type.Optional(DiscountSchema),
  },
  Closed,
);
export type SaleLineInput = Static<typeof SaleLineInputSchema>;

/** POST /api/sales */
export const SaleBody = Type.Object(
  {
    id: ClientId,
    lines: Type.Array(SaleLineInputSchema, { minItems: 1, maxItems: MAX_LINES }),
    ticketDiscount: Type.Optional(DiscountSchema),
    payments: Type.Array(PaymentInputSchema, { maxItems: MAX_PAYMENTS }),
    approval: Type.Optional(ApprovalSchema),
    /** The customer the sale is made to (desktop/src/customers/); absent or null: anonymous. Required to
     * pay with "account" or "points". */
    customerId: Type.Optional(Nullable(RowId)),
    /** Points redeemed as a discount on the ticket; needs the customer. */
    pointsDiscount: Type.Optional(Nullable(PointsDiscountSchema)),
    /** The prepaid card (desktop/src/cards) a "card" payment charges; required with that method. */
    cardId: Type.Optional(Nullable(RowId)),
    /** Sent by the till when the shop invoices every sale (desktop/src/invoicing): the buyer's document
     * asked at payment (null: none asked). Present, it makes the sale refuse an invoice that could not be
     * issued (a Factura A without a valid CUIT, a large Factura B without the DNI) instead of queueing it as
     * failed; absent (exchanges, older tills), the invoice is queued or failed as before. */
    invoiceBuyer: Type.Optional(Nullable(BuyerDocSchema)),
    /** The turno (desktop/src/turnos) this sale charges: its service at full price, the seña and the obra
     * social's share paid with "deposit" and "coverage"; the booking is marked done in the sale's transaction. */
    bookingId: Type.Optional(Nullable(RowId)),
  },
  Closed,
);
export type SaleInput = Static<typeof SaleBody>;

/** An instant typed in a query: "2026-12-06T03:00:00Z", with or without seconds and milliseconds, Z or ±hh:mm. */
const SearchInstant = Type.String({
  maxLength: 40,
  pattern:
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,3})?)?(Z|[+-][0-9]{2}:[0-9]{2})$",
});

/** GET /api/sales */
export const SalesQuery = Type.Object(
  {
    sessionId: Type.Optional(RowId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SALES_PAGE })),
    /** Rows to skip (the sales history pages with offset + limit). */
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    /** Sold at or after `from` and before `to` (ISO-8601 instants; the UI sends the shop's days as UTC). */
    from: Type.Optional(SearchInstant),
    to: Type.Optional(SearchInstant),
    /** The ticket's number (the part after the till's code: 42 of 0001-00000042). */
    number: Type.Optional(Type.Integer({ minimum: 1, maximum: 99_999_999 })),
    /** The exact total, centavos. */
    total: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT })),
    /** Sold by this staff member (the cashier). */
    staffId: Type.Optional(RowId),
  },
  Closed,
);
export type SalesQuery = Static<typeof SalesQuery>;

/** /api/sales/:id, /api/sales/:id/void, /api/sales/:id/returns */
export const SaleParams = IdParams;

/** POST /api/sales/:id/void */
export const VoidBody = Type.Object({ reason: Reason, approval: Type.Optional(ApprovalSchema) }, Closed);
export type VoidInput = Static<typeof VoidBody>;

export const RefundInputSchema = Type.Object(
  { method: PaymentMethodSchema, amount: PaidAmount, reference: Type.Optional(Reference) },
  Closed,
);
export type RefundInput = Static<typeof RefundInputSchema>;

/** POST /api/sales/:id/returns */
export const ReturnBody = Type.Object(
  {
    id: ClientId,
    lines: Type.Array(Type.Object({ saleLineId: RowId, quantity: Quantity }, Closed), {
      minItems: 1,
      maxItems: MAX_LINES,
    }),
    refunds: Type.Array(RefundInputSchema, { maxItems: MAX_PAYMENTS }),
    reason: Reason,
    approval: Type.Optional(ApprovalSchema),
  },
  Closed,
);
export type ReturnInput = Static<typeof ReturnBody>;

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────

export const IvaByRateSchema = Type.Object({ rate: IvaRateSchema, net: Int, iva: Int, total: Int }, Closed);
export type IvaByRate = Static<typeof IvaByRateSchema>;

export const SaleLineSchema = Type.Object(
  {
    id: Type.String(),
    lineNo: Int,
    productId: Type.String(),
    description: Type.String(),
    unit: UnitSchema,
    /** Units, or grams for weighed goods. */
    quantity: Int,
    /** Centavos per unit or per kg, IVA included. */
    unitPrice: Int,
    gross: Int,
    discount: Nullable(DiscountSchema),
    lineDiscount: Int,
    ticketDiscountShare: Int,
    /** This line's share of the points discount (absent on sales from before it existed). */
    pointsDiscountShare: Type.Optional(Int),
    total: Int,
    ivaRate: IvaRateSchema,
    net: Int,
    iva: Int,
    barcode: Nullable(Type.String()),
    /** Already given back through returns (units or grams). */
    returnedQuantity: Int,
  },
  Closed,
);
export type SaleLine = Static<typeof SaleLineSchema>;

export const SalePaymentSchema = Type.Object(
  {
    id: Type.String(),
    method: PaymentMethodSchema,
    amount: Int,
    tendered: Nullable(Int),
    change: Int,
    reference: Nullable(Type.String()),
  },
  Closed,
);
export type SalePayment = Static<typeof SalePaymentSchema>;

export const ReturnLineSchema = Type.Object(
  {
    id: Type.String(),
    saleLineId: Type.String(),
    productId: Type.String(),
    description: Type.String(),
    unit: UnitSchema,
    /** Units, or grams for weighed goods. */
    quantity: Int,
    total: Int,
    ivaRate: IvaRateSchema,
    net: Int,
    iva: Int,
  },
  Closed,
);
export type ReturnLine = Static<typeof ReturnLineSchema>;

export const RefundSchema = Type.Object(
  { id: Type.String(), method: PaymentMethodSchema, amount: Int, reference: Nullable(Type.String()) },
  Closed,
);
export type Refund = Static<typeof RefundSchema>;

/** A return (devolución) against a sale: the answer of POST /api/sales/:id/returns, and inside a Sale. */
export const ReturnSchema = Type.Object(
  {
    id: Type.String(),
    saleId: Type.String(),
    saleDisplayNumber: Type.String(),
    number: Int,
    terminalId: Type.String(),
    terminalCode: Int,
    /** "0001-00000003": the return's own number, printed on its slip. */
    displayNumber: Type.String(),
    cashSessionId: Type.String(),
    createdAt: Instant,
    staffId: Type.String(),
    staffName: Type.String(),
    approvedBy: Nullable(Type.String()),
    reason: Type.String(),
    total: Int,
    netTotal: Int,
    ivaTotal: Int,
    lines: Type.Array(ReturnLineSchema),
    /** How the money went back. */
    refunds: Type.Array(RefundSchema),
  },
  Closed,
);
export type Return = Static<typeof ReturnSchema>;

export const SaleStatusSchema = Type.Union([Type.Literal("completed"), Type.Literal("voided")]);
export type SaleStatus = Static<typeof SaleStatusSchema>;

/**
 * A committed sale as the API, the receipt and the cloud (outbox payload, sync/sales.ts SalePayload, which
 * checks the part the cloud projects) see it: POST /api/sales, GET /api/sales/:id, POST /api/sales/:id/void.
 */
export const SaleSchema = Type.Object(
  {
    id: Type.String(),
    number: Int,
    terminalId: Type.String(),
    terminalCode: Int,
    displayNumber: Type.String(),
    cashSessionId: Type.String(),
    status: SaleStatusSchema,
    createdAt: Instant,
    staffId: Type.String(),
    staffName: Type.String(),
    subtotal: Int,
    lineDiscountTotal: Int,
    ticketDiscount: Nullable(DiscountSchema),
    ticketDiscountTotal: Int,
    total: Int,
    netTotal: Int,
    ivaTotal: Int,
    ivaByRate: Type.Array(IvaByRateSchema),
    changeGiven: Int,
    discountApprovedBy: Nullable(Type.String()),
    voidedAt: Nullable(Instant),
    voidedBy: Nullable(Type.String()),
    voidApprovedBy: Nullable(Type.String()),
    voidReason: Nullable(Type.String()),
    lines: Type.Array(SaleLineSchema),
    payments: Type.Array(SalePaymentSchema),
    returns: Type.Array(ReturnSchema),
    /** Stock warnings shown when the sale was committed. */
    warnings: Type.Array(Type.String()),
    /** The customer named on the sale (name empty once erased on request); absent or null: anonymous. */
    customer: Type.Optional(Nullable(Type.Object({ id: Type.String(), name: Type.String() }, Closed))),
    /** Points redeemed as a discount on this ticket (absent: none). */
    pointsDiscount: Type.Optional(Nullable(PointsDiscountSchema)),
    /** The turno this sale charged (desktop/src/turnos); absent: none. */
    bookingId: Type.Optional(Nullable(Type.String())),
  },
  Closed,
);
export type Sale = Static<typeof SaleSchema>;

/** One row of GET /api/sales (newest first). */
export const SaleSummarySchema = Type.Object(
  {
    id: Type.String(),
    number: Int,
    terminalCode: Int,
    displayNumber: Type.String(),
    cashSessionId: Type.String(),
    status: SaleStatusSchema,
    createdAt: Instant,
    staffName: Type.String(),
    total: Int,
    lineCount: Int,
    methods: Type.Array(PaymentMethodSchema),
    /** What returns gave back of it so far: 0, part of the total (partly returned) or all of it. */
    returnedTotal: Int,
    /** The customer's name, when the sale names one (empty once erased on request). */
    customerName: Type.Optional(Nullable(Type.String())),
  },
  Closed,
);
export type SaleSummary = Static<typeof SaleSummarySchema>;
export const SaleList = Type.Array(SaleSummarySchema);
