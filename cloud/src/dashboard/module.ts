import type { CloudModule } from "../core/module.js";
import { dashboardRoutes } from "./routes.js";

/** The owner dashboard's API (/v1/dashboard/*): sales, stock, catalog, stores and their sync, alarms. */
export const dashboardModule: CloudModule = {
  name: "dashboard",
  routes: [dashboardRoutes],
};
