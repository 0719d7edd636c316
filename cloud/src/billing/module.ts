import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import type { BillingConfig } from "./config.js";
import { billingRoutes, billingWebhookRoutes } from "./routes.js";

/**
 * Billing (README.md beside this file): plans and the tenant's subscription state, the trial started at
 * sign-up, the provider's checkout and portal, its webhooks re-read and applied idempotently, dunning.
 */
export function createBillingModule(config: BillingConfig): CloudModule {
  return {
    name: "billing",
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [billingWebhookRoutes(config), billingRoutes(config)],
  };
}
