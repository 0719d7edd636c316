import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import type { OperatorConfig } from "./config.js";
import { openOperatorDb } from "./operator-db.js";
import { operatorRoutes } from "./routes.js";

/**
 * The operator's console and CRM (README.md beside this file): operators (never a tenant's account,
 * TOTP required), cross-tenant reads as the mostrador_operator role, every access audited.
 */
export function createOperatorModule(config: OperatorConfig): CloudModule {
  // The operator's connection is opened with the server (it may be the service's own, on PGlite) and
  // closed with it.
  const routes: CloudRoutesFactory = (deps) => async (plugin, options) => {
    const db = openOperatorDb(deps.sql, config.databaseUrl);
    plugin.addHook("onClose", () => db.close());
    await operatorRoutes(config, db)(deps)(plugin, options);
  };
  return {
    name: "operator",
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [routes],
  };
}
