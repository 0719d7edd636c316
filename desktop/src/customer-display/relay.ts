import { type CustomerDisplayState, IDLE_DISPLAY } from "@mostrador/contracts/http/customer-display";

type Listener = (state: CustomerDisplayState) => void;

/**
 * The latest display state of each till, in memory only (a restart shows the shop's name until the till
 * publishes again), and the displays listening to each till. A display hears only its own till.
 */
export function displayRelay() {
  const latest = new Map<string, CustomerDisplayState>();
  const listeners = new Map<string, Set<Listener>>();
  return {
    publish(terminalId: string, state: CustomerDisplayState): void {
      latest.set(terminalId, state);
      for (const listener of listeners.get(terminalId) ?? []) listener(state);
    },
    current(terminalId: string): CustomerDisplayState {
      return latest.get(terminalId) ?? IDLE_DISPLAY;
    },
    /** Calls `listener` with every state `terminalId` publishes from now on; returns the unsubscribe. */
    listen(terminalId: string, listener: Listener): () => void {
      const set = listeners.get(terminalId) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(terminalId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(terminalId);
      };
    },
  };
}
export type DisplayRelay = ReturnType<typeof displayRelay>;
