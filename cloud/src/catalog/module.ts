import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { productProjection } from "./product-ingest.js";

/**
 * The cloud catalog: the "product" projection (per-field last-writer-wins), stores' overrides of
 * tenant-wide products and the review of cross-store overwrites. Its dashboard screens are served by
 * the dashboard module (dashboard/catalog-routes.ts); its rows reach the tills as shapes.
 */
export const catalogModule: CloudModule = {
  name: "catalog",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  projections: { product: productProjection },
};
