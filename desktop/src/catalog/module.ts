import { catalogRoutes } from "../api/routes/catalog.js";
import type { ModuleManifest } from "../core/module.js";

declare module "../core/events.js" {
  interface AppEvents {
    /** Products or categories changed, here or coming down from the cloud (sync). */
    "catalog.changed": { productIds: string[] };
  }
}

/** Products, categories, barcodes and search; its routes also serve stock (catalog and stock endpoints). */
export const catalogModule: ModuleManifest = {
  name: "catalog",
  routes: [catalogRoutes],
  events: ["catalog.changed"],
  outboxEntities: ["product", "category"],
};
