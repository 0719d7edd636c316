import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { runEvery } from "../core/periodic.js";
import type { MessagingConfig } from "../messaging/config.js";
import { campaignsRoutes } from "./routes.js";
import { runDueCampaigns } from "./scheduler.js";

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
      return runEvery(
        messaging.pollMs,
        () => runDueCampaigns(sql, clock, messaging).then(() => undefined),
        (err) => log("campaigns: la pasada del programador falló", err),
      );
    },
  };
}
