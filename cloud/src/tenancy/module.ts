import { fileURLToPath } from "node:url";
import { accountRoutes } from "../auth/account-routes.js";
import type { AccountsConfig } from "../auth/config.js";
import { authRoutes } from "../auth/routes.js";
import type { CloudModule } from "../core/module.js";
import { messagingModule } from "../messaging/module.js";
import { applianceRoutes } from "./appliance-routes.js";
import { storeRoutes } from "./store-routes.js";

/**
 * Tenancy: organizations, their accounts (sign-up, invitations, sessions, second factor: auth/),
 * stores, pairing codes, enrollment and appliances. Every other module's rows hang off its tenants and
 * stores. `config`: messaging's secret box (TOTP secrets) and the public URL (links in account emails).
 */
export function createTenancyModule(config: AccountsConfig): CloudModule {
  return {
    name: "tenancy",
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [authRoutes(config), accountRoutes(config), storeRoutes, applianceRoutes],
  };
}

/** The module as the cloud runs it, with messaging's configuration from the environment. */
export const tenancyModule: CloudModule = createTenancyModule({
  secrets: messagingModule.config.secrets,
  publicUrl: messagingModule.config.publicUrl,
});
