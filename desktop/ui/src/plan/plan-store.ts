import { create } from "zustand";
import type { EntitledModule } from "@mostrador/contracts/billing/plans";
import type { EntitlementModuleState, EntitlementsAnswer } from "@mostrador/contracts/http/entitlements";
import { get } from "../api/client.js";

interface PlanStore {
  plan: EntitlementsAnswer | null;
  /** GET /api/entitlements: the banner, the menus and Ajustes read the same answer; re-read on entitlements.changed. */
  refresh(): Promise<void>;
}

export const usePlan = create<PlanStore>()((set) => ({
  plan: null,
  async refresh() {
    set({ plan: await get<EntitlementsAnswer>("/api/entitlements") });
  },
}));

/** A module's state, or null while unknown (before the first answer: nothing is shown off). */
export function moduleState(
  plan: EntitlementsAnswer | null,
  module: EntitledModule,
): EntitlementModuleState | null {
  return plan?.modules.find((m) => m.module === module) ?? null;
}
