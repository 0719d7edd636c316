import { type Static, Type } from "@sinclair/typebox";
import { Closed, Int, Nullable } from "./fields.js";

/*
 * The owner's sales analytics (cloud/src/analytics, GET /v1/analytics/*), read by the Análisis screen
 * (cloud/ui/src/analytics). Money is integer centavos; dates are "YYYY-MM-DD", each store's own calendar
 * day; quantities are units, or grams for products sold by kg.
 */

/** The longest period one question may cover: a year and a bit, so a year compares with the one before. */
export const ANALYTICS_MAX_DAYS = 400;

const DateKey = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
const Id = Type.String({ minLength: 1, maxLength: 64 });

/** The filters, all kept in the screen's URL. `to` is included. */
export const AnalyticsQuery = Type.Object(
  {
    from: DateKey,
    to: DateKey,
    storeId: Type.Optional(Type.String({ format: "uuid" })),
    /** A category id, or "none" for products without one. */
    categoryId: Type.Optional(Id),
    productId: Type.Optional(Id),
  },
  Closed,
);
export type AnalyticsQuery = Static<typeof AnalyticsQuery>;

/**
 * The tables an export can hold (one CSV per table; the XLSX has a sheet for each). cards (by day),
 * turnos (by day) and professionals (turnos by professional) hold rows only where the module is on.
 */
export const ANALYTICS_TABLES = [
  "days",
  "products",
  "categories",
  "payments",
  "staff",
  "stores",
  "cards",
  "turnos",
  "professionals",
] as const;
export type AnalyticsTable = (typeof ANALYTICS_TABLES)[number];

export const AnalyticsExportQuery = Type.Object(
  {
    ...AnalyticsQuery.properties,
    format: Type.Union([Type.Literal("csv"), Type.Literal("xlsx")]),
    /** CSV only: which table (default the products). The XLSX holds them all. */
    table: Type.Optional(Type.Union(ANALYTICS_TABLES.map((t) => Type.Literal(t)))),
    /** The headings' language. */
    lang: Type.Optional(Type.Union([Type.Literal("es"), Type.Literal("en")])),
  },
  Closed,
);
export type AnalyticsExportQuery = Static<typeof AnalyticsExportQuery>;

/** Totals of a period: sales of completed tickets, returns made in it, and what is left. */
export const AnalyticsTotals = Type.Object(
  {
    sales: Int,
    /** Tickets; null when a product or category is asked for (a ticket is not one product's). */
    tickets: Nullable(Int),
    averageTicket: Nullable(Int),
    returns: Int,
    net: Int,
  },
  Closed,
);
export type AnalyticsTotals = Static<typeof AnalyticsTotals>;

/** Margin of the products whose cost the cloud knows (purchasing's weighted average cost, today's). */
export const AnalyticsMargin = Type.Object(
  {
    /** Net sales of the products with a cost. */
    salesWithCost: Int,
    cost: Int,
    margin: Int,
    /** Net sales of products without a cost: left out of the margin. */
    salesWithoutCost: Int,
  },
  Closed,
);

export const AnalyticsDay = Type.Object(
  { date: Type.String(), sales: Int, tickets: Nullable(Int), returns: Int },
  Closed,
);
export const AnalyticsHour = Type.Object({ hour: Int, sales: Int, tickets: Int }, Closed);
/** 1 = Monday … 7 = Sunday (ISO). */
export const AnalyticsWeekday = Type.Object({ weekday: Int, sales: Int, tickets: Nullable(Int) }, Closed);
export const AnalyticsStore = Type.Object(
  { storeId: Type.String(), name: Type.String(), sales: Int, returns: Int, previousSales: Int },
  Closed,
);
export const AnalyticsPayment = Type.Object(
  { method: Type.String(), sales: Int, payments: Int, refunds: Int },
  Closed,
);
export const AnalyticsStaff = Type.Object(
  { staffId: Type.String(), name: Type.String(), sales: Int, tickets: Int, returns: Int },
  Closed,
);
export const AnalyticsCategory = Type.Object(
  {
    /** null: products without a category ("none" in the filter). */
    categoryId: Nullable(Type.String()),
    name: Nullable(Type.String()),
    sales: Int,
    returns: Int,
    previousSales: Int,
    cost: Nullable(Int),
    margin: Nullable(Int),
  },
  Closed,
);
export const AnalyticsProduct = Type.Object(
  {
    productId: Type.String(),
    name: Type.String(),
    unit: Type.String(),
    categoryId: Nullable(Type.String()),
    quantity: Int,
    returnedQuantity: Int,
    sales: Int,
    returns: Int,
    previousSales: Int,
    /** Cost of the net quantity at today's average cost; null when the cloud knows no cost. */
    cost: Nullable(Int),
    margin: Nullable(Int),
    /** Stock on hand now in the stores asked about; null when no store reported any. */
    onHand: Nullable(Int),
    /** Days the stock on hand lasts at the period's pace; null when nothing (net) sold. */
    daysOfCover: Nullable(Type.Number()),
    /** Times the stock on hand was sold in the period (net quantity ÷ on hand); null without stock. */
    rotation: Nullable(Type.Number()),
  },
  Closed,
);
export type AnalyticsProduct = Static<typeof AnalyticsProduct>;

/**
 * Prepaid cards (cloud/src/cards) of the period, each store's own calendar days. Money moved, positive:
 * top-ups (net of none: a voided top-up is not subtracted here), charges (consumption), refunds (money
 * put back on a card) and cash-outs (money handed back). `outstanding`: the balances the cards held at
 * the end of the period (what the shop owes, its float). `activeCards`: cards with a top-up or a charge
 * in the period; `averageSpend`: charges ÷ cards that were charged (null: none).
 */
export const AnalyticsCardTotals = Type.Object(
  {
    topUps: Int,
    topUpCount: Int,
    charges: Int,
    chargeCount: Int,
    refunds: Int,
    cashOuts: Int,
    activeCards: Int,
    averageSpend: Nullable(Int),
    outstanding: Int,
  },
  Closed,
);
export type AnalyticsCardTotals = Static<typeof AnalyticsCardTotals>;
export const AnalyticsCardDay = Type.Object(
  {
    date: Type.String(),
    topUps: Int,
    topUpCount: Int,
    charges: Int,
    refunds: Int,
    cashOuts: Int,
    activeCards: Int,
  },
  Closed,
);
export type AnalyticsCardDay = Static<typeof AnalyticsCardDay>;
export const AnalyticsCardStore = Type.Object(
  {
    storeId: Type.String(),
    name: Type.String(),
    topUps: Int,
    charges: Int,
    previousCharges: Int,
    outstanding: Int,
  },
  Closed,
);
export const AnalyticsCards = Type.Object(
  {
    totals: AnalyticsCardTotals,
    previous: AnalyticsCardTotals,
    byDay: Type.Array(AnalyticsCardDay),
    byStore: Type.Array(AnalyticsCardStore),
  },
  Closed,
);
export type AnalyticsCards = Static<typeof AnalyticsCards>;

/**
 * Turnos (cloud/src/turnos) whose start falls in the period (the store's turnos zone). `booked`: every
 * booking the desk had (an online hold waiting for, or that lost, its seña is not one), cancelled ones
 * included; `attended`: arrived or done; `noShowRateBp`: no-shows ÷ (attended + no-shows), basis points;
 * occupancy: booked minutes (not cancelled) ÷ the professionals' open minutes (their hours, breaks and
 * exceptions); `deposits`: señas collected on those bookings.
 */
export const AnalyticsTurnosFigures = Type.Object(
  {
    booked: Int,
    attended: Int,
    noShows: Int,
    noShowRateBp: Nullable(Int),
    cancelled: Int,
    bookedMinutes: Int,
    openMinutes: Int,
    occupancyBp: Nullable(Int),
    deposits: Int,
  },
  Closed,
);
export type AnalyticsTurnosFigures = Static<typeof AnalyticsTurnosFigures>;
export const AnalyticsTurnosDay = Type.Object(
  { date: Type.String(), ...AnalyticsTurnosFigures.properties },
  Closed,
);
export type AnalyticsTurnosDay = Static<typeof AnalyticsTurnosDay>;
export const AnalyticsTurnosProfessional = Type.Object(
  { professionalId: Type.String(), name: Type.String(), ...AnalyticsTurnosFigures.properties },
  Closed,
);
export type AnalyticsTurnosProfessional = Static<typeof AnalyticsTurnosProfessional>;
export const AnalyticsTurnos = Type.Object(
  {
    totals: AnalyticsTurnosFigures,
    previous: AnalyticsTurnosFigures,
    byDay: Type.Array(AnalyticsTurnosDay),
    byProfessional: Type.Array(AnalyticsTurnosProfessional),
  },
  Closed,
);
export type AnalyticsTurnos = Static<typeof AnalyticsTurnos>;

/** GET /v1/analytics/sales */
export const AnalyticsAnswer = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    previousFrom: Type.String(),
    previousTo: Type.String(),
    storeId: Nullable(Type.String()),
    categoryId: Nullable(Type.String()),
    productId: Nullable(Type.String()),
    /** What the product filter names (its latest name), for the drill-down's breadcrumb. */
    productName: Nullable(Type.String()),
    categoryName: Nullable(Type.String()),
    totals: AnalyticsTotals,
    previous: AnalyticsTotals,
    margin: AnalyticsMargin,
    byDay: Type.Array(AnalyticsDay),
    /** null when a product or category is asked for: hours are kept per ticket, not per product. */
    byHour: Nullable(Type.Array(AnalyticsHour)),
    byWeekday: Type.Array(AnalyticsWeekday),
    byStore: Type.Array(AnalyticsStore),
    /** null when a product or category is asked for (a payment pays a ticket, not a product). */
    byPaymentMethod: Nullable(Type.Array(AnalyticsPayment)),
    byStaff: Nullable(Type.Array(AnalyticsStaff)),
    byCategory: Type.Array(AnalyticsCategory),
    /** The top products by sales (at most 200). */
    products: Type.Array(AnalyticsProduct),
    /** null when the tenant's plan leaves the cards module off. */
    cards: Nullable(AnalyticsCards),
    /** null when the tenant's plan leaves the turnos module off. */
    turnos: Nullable(AnalyticsTurnos),
  },
  Closed,
);
export type AnalyticsAnswer = Static<typeof AnalyticsAnswer>;
export type AnalyticsDay = Static<typeof AnalyticsDay>;
export type AnalyticsCategory = Static<typeof AnalyticsCategory>;
export type AnalyticsPayment = Static<typeof AnalyticsPayment>;
export type AnalyticsStaff = Static<typeof AnalyticsStaff>;
export type AnalyticsStore = Static<typeof AnalyticsStore>;

/** GET /v1/analytics/summary.pdf?month=YYYY-MM: the monthly summary of a past month (the one mailed on the 1st). */
export const AnalyticsSummaryQuery = Type.Object(
  { month: Type.String({ pattern: "^\\d{4}-(0[1-9]|1[0-2])$" }) },
  Closed,
);
export type AnalyticsSummaryQuery = Static<typeof AnalyticsSummaryQuery>;
