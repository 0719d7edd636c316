import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import type { WebhooksConfig } from "./config.js";
import { webhooksRoutes } from "./routes.js";
import { WebhooksWorker } from "./worker.js";

/**
 * Outgoing webhooks (README.md beside this file): the tenant's endpoints, the outbox other modules
 * write events into (outbox.ts), and the delivery worker.
 */
export function createWebhooksModule(config: WebhooksConfig): CloudModule & { config: WebhooksConfig } {
  return {
    name: "webhooks",
    config,
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [webhooksRoutes(config)],
    start({ sql, clock, log }) {
      const worker = new WebhooksWorker(sql, clock, config, log);
      worker.start();
      return { stop: () => worker.stop() };
    },
  };
}
