import { Type, type Static } from "@sinclair/typebox";
import { MAX_AMOUNT } from "../limits.js";
import { Closed, IdParams, Instant, Int, Nullable } from "./fields.js";
import { PaymentMethodSchema } from "./sales.js";
import { TerminalSchema } from "./settings.js";

/** Cash sessions, movements and the X and Z reports of the logged-in till (desktop/src/api/routes/cash.ts). */

const Amount = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" });

/** POST /api/cash/open */
export const OpenBody = Type.Object({ openingFloat: Amount }, Closed);
/** POST /api/cash/movements: cash put in or taken out outside a sale. */
export const MovementBody = Type.Object(
  {
    kind: Type.Union([Type.Literal("in"), Type.Literal("out")]),
    amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, measure: "money" }),
    reason: Type.String({ minLength: 1, maxLength: 200 }),
  },
  Closed,
);
export type MovementInput = Static<typeof MovementBody>;
/** POST /api/cash/close: the blind count. */
export const CloseBody = Type.Object({ countedCash: Amount }, Closed);
/** GET /api/cash/sessions/:id/z-report */
export const SessionParams = IdParams;

export const CashMovementSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal("in"), Type.Literal("out"), Type.Literal("drawer_open")]),
    amount: Int,
    reason: Type.String(),
    staffName: Type.String(),
    at: Instant,
  },
  Closed,
);
export type CashMovement = Static<typeof CashMovementSchema>;

/** One till's shift: the float it opened with and the cash put in or taken out. No expected cash: the close is blind. */
export const CashSessionSchema = Type.Object(
  {
    id: Type.String(),
    terminalId: Type.String(),
    status: Type.Union([Type.Literal("open"), Type.Literal("closed")]),
    openedAt: Instant,
    openedBy: Type.String(),
    openingFloat: Int,
    closedAt: Nullable(Instant),
    closedBy: Nullable(Type.String()),
    cashIn: Int,
    cashOut: Int,
    movements: Type.Array(CashMovementSchema),
  },
  Closed,
);
export type CashSession = Static<typeof CashSessionSchema>;

/** GET /api/cash/current: the open session of this till, or null. */
export const CurrentSessionAnswer = Type.Object({ session: Nullable(CashSessionSchema) }, Closed);

const CountAndTotal = Type.Object({ count: Int, total: Int }, Closed);

/**
 * X report (open session, mid-shift; GET /api/cash/x-report) and Z report (frozen at close; POST
 * /api/cash/close, GET /api/cash/sessions/:id/z-report). All money in centavos; openedBy and closedBy are
 * names, as printed. The Z report is served as it was frozen at close (its shape has not changed since
 * the first appliance).
 */
export const CashReportSchema = Type.Object(
  {
    sessionId: Type.String(),
    terminal: TerminalSchema,
    openedAt: Instant,
    closedAt: Nullable(Instant),
    openedBy: Type.String(),
    closedBy: Nullable(Type.String()),
    openingFloat: Int,
    salesCount: Int,
    grossSales: Int,
    discounts: Int,
    /** Loyalty points redeemed as ticket discounts (not in `discounts`); absent from older Z reports. */
    pointsDiscounts: Type.Optional(Int),
    returns: CountAndTotal,
    voids: CountAndTotal,
    /**
     * Exchanges (cambios) of the session: how many, and the credit their returns applied to their new
     * sales (also in byMethod as "exchange", sales = refunds: it moves no money). Absent from Z reports
     * frozen before exchanges existed.
     */
    exchanges: Type.Optional(Type.Object({ count: Int, credit: Int }, Closed)),
    byMethod: Type.Array(
      Type.Object({ method: PaymentMethodSchema, sales: Int, refunds: Int, net: Int }, Closed),
    ),
    byIvaRate: Type.Array(Type.Object({ rate: Int, net: Int, iva: Int, total: Int }, Closed)),
    cashIn: Int,
    cashOut: Int,
    /**
     * Payments of customer accounts taken at this till (desktop/src/accounts): not sales (no IVA, not in
     * byMethod); their cash part is in expectedCash. Absent from Z reports frozen before accounts existed;
     * `byMethod` (cash, cards, transfer, Mercado Pago) from those frozen before it was added.
     */
    accountPayments: Type.Optional(
      Type.Object(
        {
          count: Int,
          total: Int,
          cash: Int,
          byMethod: Type.Optional(
            Type.Array(Type.Object({ method: Type.String(), count: Int, total: Int }, Closed)),
          ),
        },
        Closed,
      ),
    ),
    /**
     * Prepaid cards (desktop/src/cards) at this till, apart from sales: top-ups by method (deposits of the
     * holder's money, no IVA), voided top-ups, card sales (also in byMethod as "card"), cash-outs, and cards
     * issued with their deposits. `cash` (top-ups and deposits in cash minus cash-outs, voided cash
     * top-ups and deposits given back) is in expectedCash. Absent from Z reports frozen before cards existed.
     */
    cards: Type.Optional(
      Type.Object(
        {
          topups: Type.Object(
            {
              count: Int,
              total: Int,
              byMethod: Type.Array(Type.Object({ method: Type.String(), count: Int, total: Int }, Closed)),
            },
            Closed,
          ),
          voidedTopups: CountAndTotal,
          sales: CountAndTotal,
          cashouts: CountAndTotal,
          issued: Type.Object({ count: Int, deposits: Int }, Closed),
          depositsReturned: Int,
          cash: Int,
        },
        Closed,
      ),
    ),
    /**
     * Turnos charged at this till (desktop/src/turnos): how many, the señas they applied (method "deposit",
     * paid before, not in this drawer) and what each obra social / prepaga owes (method "coverage"), both
     * also in byMethod. Absent from Z reports frozen before turnos were charged at the till.
     */
    bookings: Type.Optional(
      Type.Object(
        {
          count: Int,
          deposits: Int,
          coverage: Type.Array(Type.Object({ payer: Type.String(), count: Int, total: Int }, Closed)),
        },
        Closed,
      ),
    ),
    expectedCash: Int,
    countedCash: Nullable(Int),
    difference: Nullable(Int),
  },
  Closed,
);
export type CashReport = Static<typeof CashReportSchema>;
