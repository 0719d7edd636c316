import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { runEvery } from "../core/periodic.js";
import type { MessagingConfig } from "../messaging/config.js";
import { campaignsRoutes } from "./routes.js";
import { runAutomations, runDueCampaigns } from "./scheduler.js";

/** Automations look for birthdays, lapses and expiring points every few minutes: days matter, not seconds. */
const AUTOMATIONS_EVERY_MS = 5 * 60_000;

/**
 * Segments and campaigns (README.md beside this file): the owner's segments over what the shop knows,
 * campaigns by email and WhatsApp sent ONLY through messaging's queue, their results, and the scheduler
 * that sends the due ones (at messaging's pace).
 */
export function createCampaignsModule(messaging: MessagingConfig): CloudModule {
  return {
    name: "campaigns",
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [campaignsRoutes(messaging)],
    start({ sql, clock, log }) {
      const campaigns = runEvery(
        messaging.pollMs,
        () => runDueCampaigns(sql, clock, messaging).then(() => undefined),
        (err) => log("campaigns: la pasada del programador falló", err),
      );
      const automations = runEvery(
        AUTOMATIONS_EVERY_MS,
        () => runAutomations(sql, clock, messaging).then(() => undefined),
        (err) => log("campaigns: la pasada de las automatizaciones falló", err),
      );
      return { stop: () => Promise.all([campaigns.stop(), automations.stop()]).then(() => undefined) };
    },
  };
}
