import { create } from "zustand";
import type {
  CountEntryResult,
  CountSummary,
  NewCountInput,
  StockCount,
} from "@mostrador/contracts/http/stock-counts";
import { get, post } from "../api/client.js";

interface CountsStore {
  counts: CountSummary[];
  /** The count on screen (counting or reviewing), or null for the list. */
  current: StockCount | null;
  loadCounts(): Promise<void>;
  open(id: string | null): Promise<void>;
  start(body: NewCountInput): Promise<StockCount>;
  /** One scanned or typed quantity; clientId is kept by the caller until the till hears back. */
  addEntry(clientId: string, productId: string, quantity: number): Promise<CountEntryResult>;
  approve(): Promise<StockCount>;
  cancel(): Promise<StockCount>;
}

const path = (id: string) => `/api/stock-counts/${encodeURIComponent(id)}`;

export const useCounts = create<CountsStore>()((set, getState) => ({
  counts: [],
  current: null,
  loadCounts: async () => set({ counts: await get<CountSummary[]>("/api/stock-counts") }),
  open: async (id) => set({ current: id ? await get<StockCount>(path(id)) : null }),
  start: async (body) => {
    const count = await post<StockCount>("/api/stock-counts", body);
    set({ current: count });
    await getState().loadCounts();
    return count;
  },
  addEntry: async (clientId, productId, quantity) => {
    const current = getState().current;
    if (!current) throw new Error("no count open");
    const result = await post<CountEntryResult>(`${path(current.count.id)}/entries`, {
      clientId,
      productId,
      quantity,
    });
    // Reread the whole count: other tills may have counted meanwhile.
    await getState().open(current.count.id);
    return result;
  },
  approve: async () => {
    const id = getState().current!.count.id;
    const count = await post<StockCount>(`${path(id)}/approve`, {});
    set({ current: count });
    await getState().loadCounts();
    return count;
  },
  cancel: async () => {
    const id = getState().current!.count.id;
    const count = await post<StockCount>(`${path(id)}/cancel`, {});
    set({ current: count });
    await getState().loadCounts();
    return count;
  },
}));
