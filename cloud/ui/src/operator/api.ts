import { createApiClient } from "@mostrador/contracts/http-client";
import type { OperatorLoginAnswer, OperatorView } from "@mostrador/contracts/http/cloud-operator";
import { create } from "zustand";

/** The console's own client: its token is an operator's (`mop_`), never a tenant's. */
export const opApi = createApiClient({
  unreachable: "Sin conexión con la nube; reintentá en unos segundos",
  statusOnly: (status) => `Error ${status} de la nube`,
});

const KEY = "mostrador.operator.session";

interface OperatorSession {
  token: string | null;
  operator: OperatorView | null;
  login(email: string, password: string, code: string): Promise<void>;
  logout(): Promise<void>;
  /** The server said the session is gone (expired, logged out elsewhere): back to the login form. */
  expired(): void;
}

/** Kept in sessionStorage: closing the tab ends the operator's access on this browser. */
function remembered(): { token: string; operator: OperatorView } | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? "null") as {
      token: string;
      operator: OperatorView;
    } | null;
  } catch {
    return null;
  }
}

const initial = remembered();
opApi.setToken(initial?.token ?? null);

export const useOperatorSession = create<OperatorSession>()((set) => ({
  token: initial?.token ?? null,
  operator: initial?.operator ?? null,
  async login(email, password, code) {
    const answer = await opApi.post<OperatorLoginAnswer>("/v1/operator/login", { email, password, code });
    sessionStorage.setItem(KEY, JSON.stringify({ token: answer.token, operator: answer.operator }));
    opApi.setToken(answer.token);
    set({ token: answer.token, operator: answer.operator });
  },
  async logout() {
    await opApi.post("/v1/operator/logout").catch(() => {});
    sessionStorage.removeItem(KEY);
    opApi.setToken(null);
    set({ token: null, operator: null });
  },
  expired() {
    sessionStorage.removeItem(KEY);
    opApi.setToken(null);
    set({ token: null, operator: null });
  },
}));

/** GET through the console's client; a lost session sends the operator back to the login form. */
export async function opGet<T>(path: string): Promise<T> {
  try {
    return await opApi.get<T>(path);
  } catch (err) {
    if ((err as { code?: string }).code === "operator_not_logged_in") useOperatorSession.getState().expired();
    throw err;
  }
}

/** A CSV download with the operator's token (a plain link could not carry it). */
export async function downloadCsv(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${opApi.getToken() ?? ""}` } });
  if (!response.ok) throw new Error(`Error ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}
