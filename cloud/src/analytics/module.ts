import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { analyticsRoutes } from "./routes.js";

/**
 * The owner's analytics (issue 19): pre-aggregated sales the ingest keeps in its own transaction
 * (`maintain.ts`, migration 0039) and the Análisis screen's API over them (`/v1/analytics/*`).
 */
export const analyticsModule: CloudModule = {
  name: "analytics",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  routes: [analyticsRoutes],
};
