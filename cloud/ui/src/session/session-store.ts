import { create } from "zustand";
import type { AccountRole, LoginAnswer, LoginOrSecondFactor } from "@mostrador/contracts/http/cloud-account";
import { post, setToken, setUnauthorizedHandler } from "../api/client.js";

const KEY = "mostrador.cloud.session";

interface Session {
  token: string;
  email: string;
  role: AccountRole;
}

function restore(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function persist(session: Session | null): void {
  try {
    if (session) globalThis.localStorage?.setItem(KEY, JSON.stringify(session));
    else globalThis.localStorage?.removeItem(KEY);
  } catch {
    // Private mode: the session lasts until reload.
  }
}

interface SessionStore {
  session: Session | null;
  /** null: logged in; otherwise the account has a second factor and the login goes on with a code. */
  login(email: string, password: string): Promise<{ challenge: string } | null>;
  secondFactor(challenge: string, code: string): Promise<void>;
  /** A session answered by sign-up or an accepted invitation. */
  adopt(answer: LoginAnswer): void;
  logout(): Promise<void>;
  /** The service said the token is no longer valid: forget it locally. */
  expire(): void;
}

const initial = restore();
setToken(initial?.token ?? null);

/** The owner's session: a bearer token from POST /v1/auth/login, kept on this browser until logout. */
export const useSession = create<SessionStore>()((set, get) => ({
  session: initial,
  login: async (email, password) => {
    const answer = await post<LoginOrSecondFactor>("/v1/auth/login", { email, password });
    if ("secondFactor" in answer) return { challenge: answer.challenge };
    get().adopt(answer);
    return null;
  },
  secondFactor: async (challenge, code) => {
    get().adopt(await post<LoginAnswer>("/v1/auth/login/second-factor", { challenge, code }));
  },
  adopt: (answer) => {
    const session: Session = { token: answer.token, email: answer.account.email, role: answer.account.role };
    setToken(session.token);
    persist(session);
    set({ session });
  },
  logout: async () => {
    try {
      await post("/v1/auth/logout");
    } catch {
      // Already gone or offline: forgetting it here is what matters.
    }
    setToken(null);
    persist(null);
    set({ session: null });
  },
  expire: () => {
    setToken(null);
    persist(null);
    set({ session: null });
  },
}));

setUnauthorizedHandler(() => useSession.getState().expire());
