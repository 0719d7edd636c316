import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import type { PaymentsConfig } from "./config.js";
import { LinkPaymentHandlers } from "./link-hooks.js";
import { paymentsRoutes, paymentsWebhookRoutes } from "./routes.js";

/** The payments module plus what other modules use: its config (to create links) and `links.register(...)`. */
export interface PaymentsModule extends CloudModule {
  config: PaymentsConfig;
  links: LinkPaymentHandlers;
}

/**
 * Mercado Pago in the cloud (README.md beside this file): the public webhook, re-read and de-duplicated,
 * relayed to the tenant's appliances by pull; Checkout Pro payment links confirmed the same way.
 */
export function createPaymentsModule(given: PaymentsConfig): PaymentsModule {
  const links = given.linkHandlers ?? new LinkPaymentHandlers();
  const config = { ...given, linkHandlers: links };
  return {
    config,
    links,
    name: "payments",
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [paymentsWebhookRoutes(config), paymentsRoutes(config)],
  };
}
