import { catalogRoutes } from "../api/routes/catalog.js";
import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { pricingRoutes } from "./pricing-routes.js";
import { variantRoutes } from "./variant-routes.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** Products or categories changed, here or coming down from the cloud (sync). */
    "catalog.changed": { productIds: string[] };
  }
}

/** Products, categories, barcodes and search; its routes also serve stock (catalog and stock endpoints). */
export const catalogModule: ModuleManifest = {
  name: "catalog",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [catalogRoutes, pricingRoutes, variantRoutes],
  events: ["catalog.changed"],
  outboxEntities: ["product", "category"],
};
