import { fileURLToPath } from "node:url";
import type { CloudModule, RunningCloudModule } from "../core/module.js";
import { checkApplianceOutages } from "./appliance-outages.js";
import { startBounceListener } from "./bounces.js";
import { runEvery } from "../core/periodic.js";
import { pollTelegramUpdates } from "./telegram-poll.js";
import { loadMessagingConfig, type MessagingConfig } from "./config.js";
import { InboundHandlers } from "./inbound.js";
import { ownerAlertRoutes } from "./owner-alert-routes.js";
import { messagingRoutes } from "./routes.js";
import { messagingWebhookRoutes } from "./webhooks.js";
import { MessagingWorker } from "./worker.js";

/** How often the cloud looks for appliances gone silent (minutes matter, not seconds). */
const OUTAGE_CHECK_MS = 60_000;

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
    routes: [messagingRoutes(config), ownerAlertRoutes(config), messagingWebhookRoutes(config, inbound)],
    async start(kernel): Promise<RunningCloudModule> {
      const worker = new MessagingWorker(kernel.sql, kernel.clock, config, kernel.log);
      worker.start();
      // Telegram without a public URL (getUpdates), and the appliance-offline check, at the worker's pace.
      const telegram = runEvery(
        config.pollMs,
        () => pollTelegramUpdates(kernel.sql, kernel.clock, config, inbound, kernel.log),
        (err) => kernel.log("messaging: la consulta a Telegram falló", err),
      );
      const outages = runEvery(
        OUTAGE_CHECK_MS,
        () => checkApplianceOutages(kernel.sql, kernel.clock),
        (err) => kernel.log("messaging: la revisión de cajas sin conexión falló", err),
      );
      const bounces = config.bounceSmtp
        ? await startBounceListener(kernel.sql, kernel.clock, {
            ...config.bounceSmtp,
            bounceDomain: config.email.bounceDomain,
            log: kernel.log,
          })
        : null;
      return {
        async stop() {
          await Promise.all([worker.stop(), telegram.stop(), outages.stop()]);
          await bounces?.close();
        },
      };
    },
  };
}

/** The module as the cloud runs it, configured from the environment (config.ts). */
export const messagingModule = createMessagingModule();
