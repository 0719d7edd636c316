import { v7 as uuidv7 } from "uuid";
import { create } from "zustand";
import type { Bar, BarButton } from "@mostrador/contracts/http/bar";
import type { CardView } from "@mostrador/contracts/http/cards";
import { ApiError } from "@mostrador/contracts/http-client";
import type { Sale, SaleInput } from "@mostrador/contracts/http/sales";
import { findCardByCode } from "../cards/find-card.js";
import { barGet, barPost, cardPath } from "./bar-api.js";
import { addTap, type BarLine, removeOne, roundTotal, sameRound } from "./bar-cart.js";

const BAR_KEY = "mostrador.barId";

const remembered = () => {
  try {
    return globalThis.localStorage?.getItem(BAR_KEY) ?? null;
  } catch {
    return null;
  }
};

/** Who the card is, for the big panel: its printed number if it has one, else its UID. */
export const cardLabel = (card: CardView) => card.printedNumber ?? card.uid;

/** What the big panel shows after a card tap. Refusals carry the sentence to show (already in the locale). */
export type BarOutcome =
  | { kind: "idle" }
  | { kind: "busy" }
  | { kind: "charged"; total: number; before: number; after: number; card: string; saleNumber: string }
  | { kind: "balance"; card: CardView }
  | { kind: "refused"; reason: RefusalReason; card: string | null }
  | { kind: "offline" };

/** Why a card was refused: a known reason the screen words itself, or the server's own sentence. */
export type RefusalReason =
  | { code: "blocked"; detail: string | null }
  | { code: "not_active"; status: string }
  | { code: "insufficient"; balance: number; total: number }
  | { code: "server"; error: ApiError };

/** A charge that got no answer: it may have been applied, so a retry of the same round reuses its id. */
interface Unanswered {
  saleId: string;
  cardId: string;
  lines: BarLine[];
}

interface BarStore {
  bars: Bar[] | null;
  barId: string | null;
  lines: BarLine[];
  outcome: BarOutcome;
  unanswered: Unanswered | null;
  /** A charge that got no answer turned out applied after all (found when the round changed). */
  lateCharge: Sale | null;
  load(): Promise<void>;
  chooseBar(id: string): void;
  tap(button: BarButton): void;
  removeOne(productId: string): void;
  clear(): void;
  /** A card tapped (reader, wedge or typed): with a round, charge it; without, show the balance. */
  cardTapped(uid: string): Promise<void>;
  /** A reader sent something that is no UID (`reason`, Spanish, from the normaliser): red, nothing charged. */
  readerRefused(reason: string): void;
  dismissLateCharge(): void;
}

export const useBar = create<BarStore>()((set, get) => {
  /** The sale id for this round on this card: the unanswered one if it is the same round, else a new one. */
  const saleIdFor = async (cardId: string, lines: BarLine[]): Promise<string> => {
    const pending = get().unanswered;
    if (!pending) return uuidv7();
    if (pending.cardId === cardId && sameRound(pending.lines, lines)) return pending.saleId;
    // A different round: first learn whether the unanswered charge was applied, so it is never forgotten.
    try {
      const applied = await barGet<Sale>(`/api/sales/${pending.saleId}`);
      set({ lateCharge: applied });
    } catch (error) {
      if (error instanceof ApiError && error.isNetwork) throw error;
      // 404: it never reached the appliance; nothing was charged.
    }
    set({ unanswered: null });
    return uuidv7();
  };

  const refuse = (reason: RefusalReason, card: string | null) =>
    set({ outcome: { kind: "refused", reason, card } });

  return {
    bars: null,
    barId: remembered(),
    lines: [],
    outcome: { kind: "idle" },
    unanswered: null,
    lateCharge: null,
    load: async () => {
      const bars = await barGet<Bar[]>("/api/bars");
      const chosen = get().barId;
      // A bar deleted since this tablet chose it falls back to the first one.
      const barId = bars.some((b) => b.id === chosen) ? chosen : (bars[0]?.id ?? null);
      set({ bars, barId });
    },
    chooseBar: (id) => {
      try {
        globalThis.localStorage?.setItem(BAR_KEY, id);
      } catch {
        // Storage unavailable: the choice lasts this page's lifetime.
      }
      set({ barId: id, lines: [], outcome: { kind: "idle" } });
    },
    tap: (button) => {
      if (get().outcome.kind === "busy") return;
      set({ lines: addTap(get().lines, button), outcome: { kind: "idle" } });
    },
    removeOne: (productId) => {
      if (get().outcome.kind === "busy") return;
      set({ lines: removeOne(get().lines, productId), outcome: { kind: "idle" } });
    },
    clear: () => {
      if (get().outcome.kind === "busy") return;
      set({ lines: [], outcome: { kind: "idle" } });
    },
    dismissLateCharge: () => set({ lateCharge: null }),
    readerRefused: (reason) => {
      if (get().outcome.kind === "busy") return;
      refuse({ code: "server", error: new ApiError(400, "invalid_card_uid", reason) }, null);
    },
    cardTapped: async (uid) => {
      if (get().outcome.kind === "busy") return;
      const lines = get().lines;
      set({ outcome: { kind: "busy" } });
      try {
        // The balance is only ever the appliance's ledger, read now: never a copy kept on the tablet.
        // A chip's UID, or the number printed on it / its QR read by a scanner (find-card.ts).
        const card = await findCardByCode(uid, (path) => barGet<CardView>(path));
        if (lines.length === 0) {
          set({ outcome: { kind: "balance", card } });
          return;
        }
        const total = roundTotal(lines);
        const label = cardLabel(card);
        const pending = get().unanswered;
        // A retry of a charge that got no answer goes to the appliance as it is: if the first try was applied,
        // the balance read now already lacks it, and only the server can say "this one is done".
        const retry = pending !== null && pending.cardId === card.id && sameRound(pending.lines, lines);
        if (!retry) {
          if (card.status === "blocked")
            return refuse({ code: "blocked", detail: card.blockedReason }, label);
          if (card.status !== "active") return refuse({ code: "not_active", status: card.status }, label);
          if (card.balance < total)
            return refuse({ code: "insufficient", balance: card.balance, total }, label);
        }
        const saleId = await saleIdFor(card.id, lines);
        const body: SaleInput = {
          id: saleId,
          lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
          payments: [{ method: "card", amount: total }],
          cardId: card.id,
        };
        let sale: Sale;
        try {
          sale = await barPost<Sale>("/api/sales", body);
        } catch (error) {
          // No answer: it may have been applied. Keep its id for a retry of this round on this card.
          if (error instanceof ApiError && error.isNetwork)
            set({ unanswered: { saleId, cardId: card.id, lines } });
          else set({ unanswered: null });
          throw error;
        }
        set({ unanswered: null });
        // The balance after, read again from the ledger; if that read fails the charge still stands.
        const after = await barGet<CardView>(cardPath(card.id)).then(
          (c) => c.balance,
          () => card.balance - sale.total,
        );
        set({
          lines: [],
          outcome: {
            kind: "charged",
            total: sale.total,
            before: after + sale.total,
            after,
            card: label,
            saleNumber: sale.displayNumber,
          },
        });
      } catch (error) {
        if (error instanceof ApiError && error.isNetwork) set({ outcome: { kind: "offline" } });
        else if (error instanceof ApiError) refuse({ code: "server", error }, null);
        else refuse({ code: "server", error: new ApiError(0, "unexpected", String(error)) }, null);
      }
    },
  };
});
