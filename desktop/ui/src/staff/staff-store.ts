import { create } from "zustand";
import { get, patch, post } from "../api/client.js";
import type { Role, StaffMember } from "@mostrador/contracts/http/staff";
import { useSession } from "../session/session-store.js";

export interface StaffPatch {
  role?: Role;
  pin?: string;
  active?: boolean;
}

interface StaffStore {
  list: StaffMember[];
  loaded: boolean;
  refresh(): Promise<void>;
  create(body: { name: string; role: Role; pin: string }): Promise<StaffMember>;
  /** A forgotten PIN (POST /api/staff/:id/pin: a manager may do it for cashiers, an owner for anyone). */
  resetPin(id: string, pin: string): Promise<StaffMember>;
  /** Throws the server's refusal (e.g. demoting the last owner) unchanged, for the screen to show. */
  update(id: string, changes: StaffPatch): Promise<StaffMember>;
}

/** After a change, the login tiles and the manager-approval list (both from /api/auth/options) are re-read too. */
function afterChange(): Promise<void> {
  return useSession
    .getState()
    .loadOptions()
    .catch(() => {});
}

export const useStaff = create<StaffStore>()((set, getState) => ({
  list: [],
  loaded: false,
  refresh: async () => {
    set({ list: await get<StaffMember[]>("/api/staff"), loaded: true });
  },
  create: async (body) => {
    const created = await post<StaffMember>("/api/staff", body);
    await Promise.all([getState().refresh(), afterChange()]);
    return created;
  },
  resetPin: async (id, pin) => {
    const updated = await post<StaffMember>(`/api/staff/${encodeURIComponent(id)}/pin`, { pin });
    set({ list: getState().list.map((s) => (s.id === id ? updated : s)) });
    return updated;
  },
  update: async (id, changes) => {
    const updated = await patch<StaffMember>(`/api/staff/${encodeURIComponent(id)}`, changes);
    set({ list: getState().list.map((s) => (s.id === id ? updated : s)) });
    await afterChange();
    return updated;
  },
}));
