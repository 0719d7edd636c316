import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { ingestProjections } from "./projections/entities.js";
import { ingestRoutes } from "./routes.js";

/**
 * Upload (edge → cloud): POST /v1/ingest, exactly once per op, and the projections of the till's
 * sales, returns, cash sessions, stock movements, alarms and notifications (plus the entities still
 * kept verbatim in appliance_events). Other modules bring their own entities' projections.
 */
export const ingestModule: CloudModule = {
  name: "ingest",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  routes: [ingestRoutes],
  projections: ingestProjections,
};
