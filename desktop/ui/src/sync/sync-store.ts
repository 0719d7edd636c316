import { create } from "zustand";
import { get, post } from "../api/client.js";

/** GET /api/sync/status (sync/src/upload/sync-status.ts). */
export interface SyncStatus {
  configured: boolean;
  online: boolean;
  backlog: number;
  lastSyncAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  parked: {
    opId: string;
    seq: number;
    entity: string;
    entityId: string;
    op: string;
    reason: string;
    parkedAt: string;
    retryRequested: boolean;
  }[];
}

interface SyncStore {
  status: SyncStatus | null;
  refresh(): Promise<void>;
  retry(opId: string): Promise<void>;
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
}));

export const SYNC_POLL_MS = 5000;
