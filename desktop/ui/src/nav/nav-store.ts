import { create } from "zustand";

export type Screen = "till" | "returns" | "cash" | "products" | "staff" | "settings";

interface NavStore {
  screen: Screen;
  go(screen: Screen): void;
}

export const useNav = create<NavStore>()((set) => ({
  screen: "till",
  go: (screen) => set({ screen }),
}));
