import { create } from "zustand";

interface OnlineOrdersFeedStore {
  /** Bumped when the server announces channel orders arrived or changed (online_orders.changed). */
  version: number;
  changed(): void;
}

export const useOnlineOrdersFeed = create<OnlineOrdersFeedStore>()((set) => ({
  version: 0,
  changed: () => set((s) => ({ version: s.version + 1 })),
}));
