import type { CardTapped } from "@mostrador/contracts/http/card-readers";
import { create } from "zustand";

/**
 * Card taps heard on /api/events (`card_tapped`, from serial readers and ESP32 nodes): the latest per
 * reader, for Ajustes' test field, and the latest of all, which the screens that take cards watch
 * (use-card-reader.ts). App.tsx feeds it from the one events socket.
 */
interface CardTapStore {
  latest: CardTapped | null;
  byReader: Record<string, CardTapped>;
  tapped(tap: CardTapped): void;
}

export const useCardTaps = create<CardTapStore>()((set) => ({
  latest: null,
  byReader: {},
  tapped: (tap) => set((s) => ({ latest: tap, byReader: { ...s.byReader, [tap.readerId]: tap } })),
}));
