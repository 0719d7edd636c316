import { type Static, Type } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable } from "./fields.js";

/** The sales periods the owner's dashboard asks the cloud for (GET /v1/dashboard/sales?period=): today, 7 or 30 days. */
export const PERIODS = ["today", "7d", "30d"] as const;
export const PeriodSchema = Type.Union(PERIODS.map((period) => Type.Literal(period)));
export type Period = (typeof PERIODS)[number];

/*
 * The dashboard API's answers (cloud/src/dashboard/routes.ts), read by the React app in cloud/ui. Money
 * is integer centavos; instants are ISO-8601 UTC; dates are "YYYY-MM-DD" in the store's time zone.
 */

/** One appliance of a store as the stores screen shows it: enrolled, seen, revoked, and its sync. */
export const ApplianceStatus = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    createdAt: Instant,
    lastSeenAt: Nullable(Instant),
    revokedAt: Nullable(Instant),
    /** Operations the appliance said it still had queued at its last upload (null: never reported). */
    backlog: Nullable(Int),
    /** Operations the appliance parked after the cloud refused them, as last reported (null: never reported). */
    parked: Nullable(Int),
    /** Last upload the cloud applied. */
    lastSyncAt: Nullable(Instant),
  },
  Closed,
);
export type ApplianceStatus = Static<typeof ApplianceStatus>;

export const DashboardStore = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    timeZone: Type.String(),
    createdAt: Instant,
    appliances: Type.Array(ApplianceStatus),
  },
  Closed,
);
export type DashboardStore = Static<typeof DashboardStore>;

/** GET /v1/dashboard/stores */
export const StoresAnswer = Type.Object({ stores: Type.Array(DashboardStore) }, Closed);
export type StoresAnswer = Static<typeof StoresAnswer>;

/** PATCH /v1/dashboard/stores/:id → the zone saved. */
export const StoreTimeZoneAnswer = Type.Object({ id: Type.String(), timeZone: Type.String() }, Closed);
export type StoreTimeZoneAnswer = Static<typeof StoreTimeZoneAnswer>;

const moneyBucket = { total: Int, tickets: Int };
/** Sales of one hour or day: the amount and how many tickets. */
export const MoneyBucket = Type.Object(moneyBucket, Closed);
export type MoneyBucket = Static<typeof MoneyBucket>;

/** GET /v1/dashboard/sales */
/**
 * On a line of a report that names a variant (a product row with a model, cloud 0012): its model and
 * its values, one per axis, so the report reads per variant ("Remera lisa · M · Rojo"); null otherwise.
 */
export const VariantOfItem = Nullable(
  Type.Object(
    { modelId: Type.String(), modelName: Type.String(), values: Type.Array(Type.String()) },
    Closed,
  ),
);
export type VariantOfItem = Static<typeof VariantOfItem>;

export const SalesSummary = Type.Object(
  {
    period: PeriodSchema,
    /** null: all stores of the organization. */
    storeId: Nullable(Type.String()),
    /** The zone the day and hour buckets are read in (each store's own; this is the first store's, for labels). */
    timeZone: Type.String(),
    /** The period: from the first day's start to the end of today (exclusive), in the store's zone. */
    from: Instant,
    to: Instant,
    /** Completed sales (voided ones count for nothing). */
    totals: Type.Object({ total: Int, tickets: Int, averageTicket: Int }, Closed),
    /** Returns made in the period (refunded to customers), shown beside sales, not subtracted from them. */
    returns: Type.Object({ total: Int, count: Int }, Closed),
    byHour: Type.Array(Type.Object({ ...moneyBucket, hour: Int }, Closed)),
    byDay: Type.Array(Type.Object({ ...moneyBucket, date: Type.String() }, Closed)),
    byPaymentMethod: Type.Array(Type.Object({ method: Type.String(), total: Int, count: Int }, Closed)),
    topProducts: Type.Array(
      Type.Object(
        {
          productId: Nullable(Type.String()),
          name: Type.String(),
          quantity: Type.Number(),
          unit: Type.String(),
          total: Int,
          variant: Type.Optional(VariantOfItem),
        },
        Closed,
      ),
    ),
  },
  Closed,
);
export type SalesSummary = Static<typeof SalesSummary>;

export const StockItem = Type.Object(
  {
    variant: Type.Optional(VariantOfItem),
    storeId: Type.String(),
    storeName: Type.String(),
    productId: Type.String(),
    name: Type.String(),
    /** Units, or grams for weighed goods. */
    onHand: Type.Number(),
    unit: Type.String(),
    lowStockThreshold: Nullable(Type.Number()),
    low: Type.Boolean(),
  },
  Closed,
);
export type StockItem = Static<typeof StockItem>;

/** GET /v1/dashboard/stock */
export const StockAnswer = Type.Object({ items: Type.Array(StockItem) }, Closed);
export type StockAnswer = Static<typeof StockAnswer>;

export const DashboardAlarm = Type.Object(
  {
    id: Type.String(),
    storeId: Type.String(),
    storeName: Type.String(),
    severity: Int,
    state: Type.String(),
    message: Type.String(),
    raisedAt: Nullable(Instant),
    updatedAt: Instant,
  },
  Closed,
);
export type DashboardAlarm = Static<typeof DashboardAlarm>;

/** GET /v1/dashboard/alarms */
export const AlarmsAnswer = Type.Object({ alarms: Type.Array(DashboardAlarm) }, Closed);
export type AlarmsAnswer = Static<typeof AlarmsAnswer>;
