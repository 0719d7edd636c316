import { fileURLToPath } from "node:url";
import type { CloudModule, RunningCloudModule } from "../core/module.js";
import { startBounceListener } from "./bounces.js";
import { loadMessagingConfig, type MessagingConfig } from "./config.js";
import { InboundHandlers } from "./inbound.js";
import { messagingRoutes } from "./routes.js";
import { messagingWebhookRoutes } from "./webhooks.js";
import { MessagingWorker } from "./worker.js";

/** The messaging module plus what other modules use: `inbound.register(...)` for answers to their messages. */
export interface MessagingModule extends CloudModule {
  config: MessagingConfig;
  inbound: InboundHandlers;
}

/**
 * Messaging as a cloud module: its migrations (0008…), the dashboard API and public links, the
 * providers' webhooks, and on start the send worker and (MESSAGING_BOUNCE_SMTP_PORT) the bounce
 * listener. Tests build one with endpoints pointing at the fakes.
 */
export function createMessagingModule(config: MessagingConfig = loadMessagingConfig()): MessagingModule {
  const inbound = new InboundHandlers();
  return {
    name: "messaging",
    config,
    inbound,
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [messagingRoutes(config), messagingWebhookRoutes(config, inbound)],
    async start(kernel): Promise<RunningCloudModule> {
      const worker = new MessagingWorker(kernel.sql, kernel.clock, config, kernel.log);
      worker.start();
      const bounces = config.bounceSmtp
        ? await startBounceListener(kernel.sql, kernel.clock, {
            ...config.bounceSmtp,
            bounceDomain: config.email.bounceDomain,
            log: kernel.log,
          })
        : null;
      return {
        async stop() {
          await worker.stop();
          await bounces?.close();
        },
      };
    },
  };
}

/** The module as the cloud runs it, configured from the environment (config.ts). */
export const messagingModule = createMessagingModule();
