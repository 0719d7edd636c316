import { fileURLToPath } from "node:url";
import { authRoutes } from "../auth/routes.js";
import type { CloudModule } from "../core/module.js";
import { applianceRoutes } from "./appliance-routes.js";
import { storeRoutes } from "./store-routes.js";

/**
 * Tenancy: organizations, owner/manager accounts and their sessions (auth/), stores, pairing codes,
 * enrollment and appliances. Every other module's rows hang off its tenants and stores.
 */
export const tenancyModule: CloudModule = {
  name: "tenancy",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  routes: [authRoutes, storeRoutes, applianceRoutes],
};
