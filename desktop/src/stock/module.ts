import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** On-hand changed (a sale, a return, a void, an adjustment). */
    "stock.changed": { productIds: string[] };
  }
}

/** The stock ledger; its endpoints are mounted by the catalog's routes, its movements written by pos too. */
export const stockModule: ModuleManifest = {
  name: "stock",
  migrations: [migrationsBeside(import.meta.url)],
  events: ["stock.changed"],
  outboxEntities: ["stock_movement"],
};
