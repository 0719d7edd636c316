import { createApiClient } from "@mostrador/contracts/http-client";
import { getToken } from "../api/client.js";
import { useSession } from "../session/session-store.js";

/**
 * The bar screen's own client for the appliance: the same contract as the till's, but a request that gets
 * no answer within a few seconds is given up, so a tablet that lost the LAN says so at once instead of
 * spinning while the customer waits. Giving up never guesses: the charge's request id is kept and a retry
 * of the same round on the same card reuses it (bar-store.ts), so the server applies it once.
 */
export const BAR_TIMEOUT_MS = 6000;

const client = createApiClient(
  {
    unreachable: "Sin conexión con la caja: no se cobró",
    statusOnly: (status) => `Error ${status} del equipo central: no se cobró`,
  },
  (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(BAR_TIMEOUT_MS) }),
);

// A session that expired sends the tablet back to its PIN screen, as the till's client does.
client.setUnauthorizedHandler(
  () =>
    void useSession
      .getState()
      .logout()
      .catch(() => {}),
);

/** Calls with the logged-in session's token (the till's client holds it). */
export function barGet<T>(path: string): Promise<T> {
  client.setToken(getToken());
  return client.get<T>(path);
}

export function barPost<T>(path: string, body: unknown): Promise<T> {
  client.setToken(getToken());
  return client.post<T>(path, body);
}

export const cardPath = (cardId: string) => `/api/cards/${encodeURIComponent(cardId)}`;
