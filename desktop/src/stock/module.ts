import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { countRoutes } from "./count-routes.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** On-hand changed (a sale, a return, a void, an adjustment). */
    "stock.changed": { productIds: string[] };
  }
}

/**
 * The stock ledger and stock counts; the ledger's endpoints are mounted by the catalog's routes, its
 * movements written by pos too; counts have their own routes (count-routes.ts).
 */
export const stockModule: ModuleManifest = {
  name: "stock",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [countRoutes],
  events: ["stock.changed"],
  outboxEntities: ["stock_movement", "stock_count"],
};
