import type { ModuleManifest } from "../core/module.js";

declare module "../core/events.js" {
  interface AppEvents {
    /** On-hand changed (a sale, a return, a void, an adjustment). */
    "stock.changed": { productIds: string[] };
  }
}

/** The stock ledger; its endpoints are mounted by the catalog's routes, its movements written by pos too. */
export const stockModule: ModuleManifest = {
  name: "stock",
  events: ["stock.changed"],
  outboxEntities: ["stock_movement"],
};
