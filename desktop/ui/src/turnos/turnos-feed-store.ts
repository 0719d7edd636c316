import { create } from "zustand";

interface TurnosFeedStore {
  /** Bumped when the server announces a booking change (turnos.changed), so agendas and the waiting room re-read. */
  version: number;
  changed(): void;
}

export const useTurnosFeed = create<TurnosFeedStore>()((set) => ({
  version: 0,
  changed: () => set((s) => ({ version: s.version + 1 })),
}));
