import { create } from "zustand";
import { get, post } from "../api/client.js";

// The answers' shapes are the HTTP contract's (contracts/src/http/sync.ts).
import type { EnrollResult, SyncStatus } from "@mostrador/contracts/http/sync";

export type { EnrollResult, SyncStatus };

interface SyncStore {
  status: SyncStatus | null;
  refresh(): Promise<void>;
  retry(opId: string): Promise<void>;
  /** Trades a pairing code for the credential (replacing any previous one); a refusal throws ApiError. */
  enroll(cloudUrl: string, code: string): Promise<EnrollResult>;
}

/** The upload's state as the till shows it; polled (the drainer runs in the background, no events). */
export const useSync = create<SyncStore>()((set, getState) => ({
  status: null,
  refresh: async () => {
    try {
      set({ status: await get<SyncStatus>("/api/sync/status") });
    } catch {
      // The indicator is secondary: a failed poll keeps the last known state.
    }
  },
  retry: async (opId) => {
    await post(`/api/sync/parked/${opId}/retry`);
    await getState().refresh();
  },
  enroll: async (cloudUrl, code) => {
    const result = await post<EnrollResult>("/api/sync/enroll", { cloudUrl, code });
    await getState().refresh();
    return result;
  },
}));

export const SYNC_POLL_MS = 5000;
