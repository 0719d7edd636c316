import { create } from "zustand";
import { del, get, patch, post } from "../api/client.js";
import type { Rule, RuleInput } from "@mostrador/contracts/http/rules";

interface RulesStore {
  list: Rule[];
  loaded: boolean;
  refresh(): Promise<void>;
  /** Throws the server's refusal unchanged, for the editor to show. */
  create(input: RuleInput): Promise<Rule>;
  update(id: string, changes: Partial<RuleInput>): Promise<Rule>;
  remove(id: string): Promise<void>;
}

export const useRules = create<RulesStore>()((set, getState) => ({
  list: [],
  loaded: false,
  refresh: async () => set({ list: await get<Rule[]>("/api/rules"), loaded: true }),
  create: async (input) => {
    const rule = await post<Rule>("/api/rules", input);
    set({ list: [...getState().list, rule] });
    return rule;
  },
  update: async (id, changes) => {
    const rule = await patch<Rule>(`/api/rules/${encodeURIComponent(id)}`, changes);
    set({ list: getState().list.map((r) => (r.id === id ? rule : r)) });
    return rule;
  },
  remove: async (id) => {
    await del(`/api/rules/${encodeURIComponent(id)}`);
    set({ list: getState().list.filter((r) => r.id !== id) });
  },
}));
