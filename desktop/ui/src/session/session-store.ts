import { create } from "zustand";
import { get, post, setToken, setUnauthorizedHandler } from "../api/client.js";
import type { ShopSettings, Terminal } from "@mostrador/contracts/http/settings";
import type { AuthOptions, LoginAnswer, Permission, SessionStaff } from "@mostrador/contracts/http/staff";
import { useLocale } from "../i18n/locale-store.js";

const TERMINAL_KEY = "mostrador.terminalId";
const TOKEN_KEY = "mostrador.token";

const storage = {
  get: (key: string) => {
    try {
      return globalThis.localStorage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  },
  set: (key: string, value: string | null) => {
    try {
      if (value === null) globalThis.localStorage?.removeItem(key);
      else globalThis.localStorage?.setItem(key, value);
    } catch {
      // Storage unavailable: the till still works for this page's lifetime.
    }
  },
};

interface SessionStore {
  options: AuthOptions | null;
  /** The till this screen is, chosen once and remembered on this machine. */
  terminalId: string | null;
  token: string | null;
  staff: SessionStaff | null;
  terminal: Terminal | null;
  settings: ShopSettings | null;
  /** True until a stored token has been checked (avoids flashing the PIN screen on reload). */
  restoring: boolean;
  loadOptions(): Promise<void>;
  chooseTerminal(id: string | null): void;
  login(staffId: string, pin: string): Promise<void>;
  logout(): Promise<void>;
  restore(): Promise<void>;
  can(permission: Permission): boolean;
  /** After the settings screen saves: the nav bar, formats and limits follow at once. */
  setSettings(settings: ShopSettings): void;
}

export const useSession = create<SessionStore>()((set, getState) => {
  const signOut = () => {
    setToken(null);
    storage.set(TOKEN_KEY, null);
    set({ token: null, staff: null, terminal: null });
  };
  setUnauthorizedHandler(signOut);

  const afterLogin = async (token: string, staff: SessionStaff, terminal: Terminal) => {
    setToken(token);
    storage.set(TOKEN_KEY, token);
    set({ token, staff, terminal });
    try {
      const settings = await get<ShopSettings>("/api/settings");
      set({ settings });
    } catch {
      // Settings only refine display (time zone, discount limit); defaults apply until they load.
    }
  };

  return {
    options: null,
    terminalId: storage.get(TERMINAL_KEY),
    token: null,
    staff: null,
    terminal: null,
    settings: null,
    restoring: true,
    loadOptions: async () => {
      const options = await get<AuthOptions>("/api/auth/options");
      useLocale.getState().applyShopDefault(options.locale);
      const { terminalId } = getState();
      // A remembered till that no longer exists is forgotten, so the screen asks again.
      if (terminalId && !options.terminals.some((t) => t.id === terminalId)) {
        storage.set(TERMINAL_KEY, null);
        set({ options, terminalId: null });
      } else set({ options });
    },
    chooseTerminal: (id) => {
      storage.set(TERMINAL_KEY, id);
      set({ terminalId: id });
    },
    login: async (staffId, pin) => {
      const terminalId = getState().terminalId;
      const answer = await post<LoginAnswer>("/api/auth/login", { staffId, pin, terminalId });
      await afterLogin(answer.token, answer.staff, answer.terminal);
    },
    logout: async () => {
      try {
        await post("/api/auth/logout");
      } finally {
        signOut();
      }
    },
    restore: async () => {
      const token = storage.get(TOKEN_KEY);
      if (!token) {
        set({ restoring: false });
        return;
      }
      setToken(token);
      try {
        const me = await get<{ staff: SessionStaff; terminal: Terminal }>("/api/auth/me");
        await afterLogin(token, me.staff, me.terminal);
      } catch {
        signOut();
      } finally {
        set({ restoring: false });
      }
    },
    can: (permission) => getState().staff?.permissions?.includes(permission) ?? false,
    setSettings: (settings) => set({ settings }),
  };
});
