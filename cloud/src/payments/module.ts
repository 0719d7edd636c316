import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import type { PaymentsConfig } from "./config.js";
import { paymentsRoutes, paymentsWebhookRoutes } from "./routes.js";

/**
 * Mercado Pago in the cloud (README.md beside this file): the public webhook, re-read and de-duplicated,
 * relayed to the tenant's appliances by pull; Checkout Pro payment links confirmed the same way.
 */
export function createPaymentsModule(config: PaymentsConfig): CloudModule {
  return {
    name: "payments",
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [paymentsWebhookRoutes(config), paymentsRoutes(config)],
  };
}
