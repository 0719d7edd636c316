import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { categoryProjection } from "./category-ingest.js";
import { productProjection } from "./product-ingest.js";

/**
 * The cloud catalog: the "product" and "category" projections (per-field last-writer-wins; variants
 * are products with a model, categories merge on a clash of names), stores' overrides of
 * tenant-wide products and the review of cross-store overwrites. Its dashboard screens are served by
 * the dashboard module (dashboard/catalog-routes.ts); its rows reach the tills as shapes.
 */
export const catalogModule: CloudModule = {
  name: "catalog",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  projections: { product: productProjection, category: categoryProjection },
};
