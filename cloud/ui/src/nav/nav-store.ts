import { create } from "zustand";
import type { Period } from "@mostrador/contracts/http/dashboard";

export type Screen =
  | "sales"
  | "stores"
  | "stock"
  | "catalog"
  | "customers"
  | "alarms"
  | "messaging"
  | "purchasing"
  | "accounts"
  | "cards"
  | "team"
  | "turnos"
  | "billing"
  | "api"
  | "webhooks"
  | "tenantData"
  | "segments"
  | "campaigns"
  | "automations"
  | "payLinks"
  | "channels"
  | "analytics"
  | "sensors"
  | "storePages";
export const SCREENS: readonly Screen[] = [
  "sales",
  "stores",
  "stock",
  "catalog",
  "customers",
  "alarms",
  "messaging",
  "purchasing",
  "accounts",
  "cards",
  "team",
  "turnos",
  "billing",
  "api",
  "webhooks",
  "tenantData",
  "segments",
  "campaigns",
  "automations",
  "payLinks",
  "channels",
  "analytics",
  "sensors",
  "storePages",
];

interface NavStore {
  screen: Screen;
  /** null: all stores. Shared by the sales, stock and alarms screens. */
  storeId: string | null;
  period: Period;
  go(screen: Screen): void;
  setStore(storeId: string | null): void;
  setPeriod(period: Period): void;
}

export const useNav = create<NavStore>()((set) => ({
  // Checkout and the portal send the owner back to /#facturacion: open "Plan y facturación" then.
  screen: globalThis.location?.hash.startsWith("#facturacion")
    ? "billing"
    : globalThis.location?.hash.startsWith("#webhooks")
      ? "webhooks"
      : globalThis.location?.hash.startsWith("#cuenta")
        ? "tenantData"
        : // The channels' OAuth callback sends the owner back to /#canales.
          globalThis.location?.hash.startsWith("#canales")
          ? "channels"
          : globalThis.location?.hash.startsWith("#analisis")
            ? "analytics"
            : globalThis.location?.hash.startsWith("#sensores")
              ? "sensors"
              : "sales",
  storeId: null,
  period: "today",
  go: (screen) => set({ screen }),
  setStore: (storeId) => set({ storeId }),
  setPeriod: (period) => set({ period }),
}));
