import { create } from "zustand";
import { get } from "../api/client.js";
import type { CashSession } from "@mostrador/contracts/http/cash";

interface CashStore {
  session: CashSession | null;
  loaded: boolean;
  /** Re-reads the till's cash session; called on screen entry and on `cash.changed` events. */
  refresh(): Promise<void>;
  set(session: CashSession | null): void;
}

export const useCash = create<CashStore>()((set) => ({
  session: null,
  loaded: false,
  refresh: async () => {
    const answer = await get<{ session: CashSession | null }>("/api/cash/current");
    set({
      session: answer.session && answer.session.status === "open" ? answer.session : null,
      loaded: true,
    });
  },
  set: (session) => set({ session, loaded: true }),
}));
