import { create } from "zustand";
import { get, post } from "../api/client.js";
import type { Alarm } from "@mostrador/contracts/http/alarms";
import { sortOpenAlarms } from "./alarm-count.js";

interface AlarmsStore {
  /** Open alarms (active, acknowledged, or cleared but not acknowledged yet), in the feed's order. */
  open: Alarm[];
  /** Everything, newest first (includes the open ones). */
  history: Alarm[];
  loaded: boolean;
  /** Re-read after every "alarm.changed" event and after a reconnect (events may have been missed). */
  refresh(): Promise<void>;
  acknowledge(id: string): Promise<void>;
  clear(id: string): Promise<void>;
}

export const HISTORY_LIMIT = 50;

export const useAlarms = create<AlarmsStore>()((set, getState) => {
  // Several events in a burst (a rule raising on three devices) share one request.
  let inFlight: Promise<void> | null = null;
  let again = false;
  const load = async () => {
    const [open, history] = await Promise.all([
      get<Alarm[]>("/api/alarms?status=active"),
      get<Alarm[]>(`/api/alarms?status=all&limit=${HISTORY_LIMIT}`),
    ]);
    set({ open: sortOpenAlarms(open), history, loaded: true });
  };
  return {
    open: [],
    history: [],
    loaded: false,
    refresh: async () => {
      if (inFlight) {
        again = true;
        return inFlight;
      }
      inFlight = (async () => {
        try {
          do {
            again = false;
            await load();
          } while (again);
        } finally {
          inFlight = null;
        }
      })();
      return inFlight;
    },
    acknowledge: async (id) => {
      await post(`/api/alarms/${encodeURIComponent(id)}/acknowledge`);
      await getState().refresh();
    },
    clear: async (id) => {
      await post(`/api/alarms/${encodeURIComponent(id)}/clear`, {});
      await getState().refresh();
    },
  };
});
