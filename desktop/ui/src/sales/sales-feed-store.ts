import { create } from "zustand";

interface SalesFeedStore {
  /** Bumped whenever the server announces a sale, void or return, so lists of sales re-read. */
  version: number;
  changed(): void;
}

export const useSalesFeed = create<SalesFeedStore>()((set) => ({
  version: 0,
  changed: () => set((s) => ({ version: s.version + 1 })),
}));
