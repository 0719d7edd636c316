import { create } from "zustand";

export type Screen =
  | "till"
  | "returns"
  | "history"
  | "cash"
  | "accounts"
  | "products"
  | "purchasing"
  | "sensors"
  | "staff"
  | "settings";
/** The sensors screen's sections: devices (everyone), rules (devices.manage), alarms (everyone). */
export type SensorsTab = "devices" | "rules" | "alarms";

interface NavStore {
  screen: Screen;
  sensorsTab: SensorsTab;
  go(screen: Screen): void;
  goSensors(tab: SensorsTab): void;
}

export const useNav = create<NavStore>()((set) => ({
  screen: "till",
  sensorsTab: "devices",
  go: (screen) => set({ screen }),
  goSensors: (sensorsTab) => set({ screen: "sensors", sensorsTab }),
}));
