import { create } from "zustand";

export type Screen =
  | "till"
  | "returns"
  | "history"
  | "cash"
  | "accounts"
  | "products"
  | "customers"
  | "purchasing"
  | "sensors"
  | "staff"
  | "settings"
  | "cards"
  | "bar"
  | "turnos"
  | "onlineOrders";
/** The sensors screen's sections: devices (everyone), rules (devices.manage), alarms (everyone). */
export type SensorsTab = "devices" | "rules" | "alarms";

interface NavStore {
  screen: Screen;
  sensorsTab: SensorsTab;
  go(screen: Screen): void;
  goSensors(tab: SensorsTab): void;
  /** A sale the returns screen opens straight in its exchange form (the history's "Cambio"); taken once. */
  exchangeSaleId: string | null;
  goExchange(saleId: string): void;
  takeExchange(): string | null;
}

export const useNav = create<NavStore>()((set, get) => ({
  screen: "till",
  sensorsTab: "devices",
  go: (screen) => set({ screen }),
  goSensors: (sensorsTab) => set({ screen: "sensors", sensorsTab }),
  exchangeSaleId: null,
  goExchange: (saleId) => set({ screen: "returns", exchangeSaleId: saleId }),
  takeExchange: () => {
    const id = get().exchangeSaleId;
    if (id) set({ exchangeSaleId: null });
    return id;
  },
}));
