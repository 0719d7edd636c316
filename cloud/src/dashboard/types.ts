import type { ProductOverwrite } from "../catalog/overwrites.js";
import type { StoreOverride } from "../catalog/store-overrides.js";
/**
 * The dashboard API's answers (cloud/src/dashboard/routes.ts), shared with the React app in cloud/ui
 * as types only. Money is integer centavos; instants are ISO-8601 UTC; dates are "YYYY-MM-DD" in the
 * store's time zone.
 */
import type { Period } from "@mostrador/contracts/http/dashboard";

export interface ApplianceStatus {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  /** Operations the appliance said it still had queued at its last upload (null: never reported). */
  backlog: number | null;
  /** Operations the appliance parked after the cloud refused them, as last reported (null: never reported). */
  parked: number | null;
  /** Last upload the cloud applied. */
  lastSyncAt: string | null;
}

export interface DashboardStore {
  id: string;
  name: string;
  timeZone: string;
  createdAt: string;
  appliances: ApplianceStatus[];
}

export interface StoresAnswer {
  stores: DashboardStore[];
}

export interface MoneyBucket {
  total: number;
  tickets: number;
}

export interface SalesSummary {
  period: Period;
  /** null: all stores of the organization. */
  storeId: string | null;
  /** The zone the day and hour buckets are read in (each store's own; this is the first store's, for labels). */
  timeZone: string;
  /** The period: from the first day's start to the end of today (exclusive), in the store's zone. */
  from: string;
  to: string;
  /** Completed sales (voided ones count for nothing). */
  totals: { total: number; tickets: number; averageTicket: number };
  /** Returns made in the period (refunded to customers), shown beside sales, not subtracted from them. */
  returns: { total: number; count: number };
  byHour: (MoneyBucket & { hour: number })[];
  byDay: (MoneyBucket & { date: string })[];
  byPaymentMethod: { method: string; total: number; count: number }[];
  topProducts: { productId: string | null; name: string; quantity: number; unit: string; total: number }[];
}

export interface StockItem {
  storeId: string;
  storeName: string;
  productId: string;
  name: string;
  /** Units, or grams for weighed goods. */
  onHand: number;
  unit: string;
  lowStockThreshold: number | null;
  low: boolean;
}

export interface StockAnswer {
  items: StockItem[];
}

export type { ProductOverwrite } from "../catalog/overwrites.js";
export type { StoreOverride } from "../catalog/store-overrides.js";

export interface CatalogProduct {
  id: string;
  /** null: the whole organization's catalog; a store id: a product only that store sells. */
  storeId: string | null;
  sku: string;
  name: string;
  /** Centavos, IVA included (per kg for unit "kg"), as the till charges it. */
  price: number;
  unit: "each" | "kg";
  active: boolean;
  lowStockThreshold: number | null;
  updatedAt: string;
  /** Stores that sell this tenant-wide product at their own price or flag (set at their tills). */
  overrides: StoreOverride[];
}

export interface CatalogAnswer {
  products: CatalogProduct[];
  /** How many products match the search (the page may hold fewer). */
  total: number;
  /** Whether the tills may edit the tenant-wide catalog itself (otherwise their edits stay per store). */
  tillsEditSharedCatalog: boolean;
}

export interface CatalogPolicy {
  tillsEditSharedCatalog: boolean;
}

export interface OverwritesAnswer {
  overwrites: ProductOverwrite[];
}

export interface DashboardAlarm {
  id: string;
  storeId: string;
  storeName: string;
  severity: number;
  state: string;
  message: string;
  raisedAt: string | null;
  updatedAt: string;
}

export interface AlarmsAnswer {
  alarms: DashboardAlarm[];
}
