import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { runEvery } from "../core/periodic.js";
import { sweepEntitlements, sweepEveryMs } from "./entitlements/sweep.js";
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
    // Signed entitlement records for the edge: a trial's end and a fresh signed time daily (entitlements/).
    start(kernel) {
      const job = runEvery(
        sweepEveryMs(),
        async () => void (await sweepEntitlements(kernel.sql, kernel.clock, kernel.log)),
        (err) => kernel.log("habilitaciones: la firma periódica falló", err),
      );
      return { stop: () => job.stop() };
    },
  };
}
