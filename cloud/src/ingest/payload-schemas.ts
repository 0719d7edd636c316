import { ALARM_STATUSES } from "@mostrador/contracts/alarms";
import { MAX_AGGREGATE_AMOUNT, MAX_STOCK_QUANTITY } from "@mostrador/contracts/limits";
import { Type, type TSchema } from "@sinclair/typebox";

/**
 * What the cloud checks in each entity's payload before applying it: the fields its projection reads,
 * with money as integer centavos (never floats) and bounded. Payloads may carry more fields (a newer
 * appliance adds some): those are kept in the projection's JSON where there is one, never refused.
 */

/** Sums of many amounts (a Z report) may pass a single amount's limit; these bound them. */
const MAX_MONEY = MAX_AGGREGATE_AMOUNT;
const Money = Type.Integer({ minimum: -MAX_MONEY, maximum: MAX_MONEY });
const NonNegMoney = Type.Integer({ minimum: 0, maximum: MAX_MONEY });
/** Units, or grams for weighed goods. */
const MAX_QTY = MAX_STOCK_QUANTITY;
const Qty = Type.Integer({ minimum: 1, maximum: MAX_QTY });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Text = (max: number) => Type.String({ maxLength: max });
const Time = Type.String({ format: "date-time", maxLength: 40 });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Open = { additionalProperties: true } as const;

const SaleLine = Type.Object(
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

const SalePayment = Type.Object({ id: Id, method: Text(20), amount: Money, change: NonNegMoney }, Open);

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
    lines: Type.Array(SaleLine, { minItems: 1, maxItems: 500 }),
    payments: Type.Array(SalePayment, { maxItems: 50 }),
  },
  Open,
);

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

export const CashOpenedPayload = Type.Object(
  { id: Id, terminalId: Id, openedBy: Id, openedAt: Time, openingFloat: NonNegMoney },
  Open,
);

/** The Z report (desktop/src/cash/reports.ts Report), frozen at close. */
export const CashClosedPayload = Type.Object(
  {
    sessionId: Id,
    terminal: Type.Object({ id: Id }, Open),
    openedAt: Time,
    closedAt: Time,
    openedBy: Id,
    closedBy: Id,
    openingFloat: NonNegMoney,
    expectedCash: Money,
    countedCash: Nullable(Money),
    difference: Nullable(Money),
  },
  Open,
);

export const StockMovementPayload = Type.Object(
  {
    id: Id,
    productId: Id,
    quantity: Type.Integer({ minimum: -MAX_QTY, maximum: MAX_QTY }),
    reason: Text(20),
    at: Time,
  },
  Open,
);

export const AlarmPayload = Type.Object(
  {
    id: Id,
    deviceId: Id,
    severity: Type.Integer({ minimum: 1, maximum: 4 }),
    // contracts/src/alarms.ts: active | acknowledged | cleared_unacknowledged (latched: cleared by itself,
    // nobody has seen it yet) | cleared. A superset of what older appliances send, so they keep uploading.
    status: Type.Union(ALARM_STATUSES.map((s) => Type.Literal(s))),
    message: Text(500),
    raisedAt: Time,
    updatedAt: Time,
  },
  Open,
);

export const NotificationPayload = Type.Object({ message: Text(500), at: Time }, Open);

/** Entities kept verbatim (appliance_events) until they get a projection: any JSON object. */
export const AnyObject = Type.Object({}, Open);
