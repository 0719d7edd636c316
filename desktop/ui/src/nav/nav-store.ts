import { create } from "zustand";

export type Screen = "till" | "returns" | "cash" | "products";

interface NavStore {
  screen: Screen;
  go(screen: Screen): void;
}

export const useNav = create<NavStore>()((set) => ({
  screen: "till",
  go: (screen) => set({ screen }),
}));
