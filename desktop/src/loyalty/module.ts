import type { ModuleManifest } from "@mostrador/kernel/core/module";
import { registerSaleHooks } from "../pos/sale-hooks.js";
import { runDailyLoyalty } from "./daily.js";
import { loyaltyRoutes } from "./routes.js";
import { loyaltySaleHooks } from "./sale-hooks.js";

// Earning and redeeming on sales, taking and giving back on returns and voids (pos/sale-hooks.ts).
registerSaleHooks("loyalty", loyaltySaleHooks);

const HOUR = 3_600_000;

/**
 * Loyalty points: the shop's rules, earning and redeeming ("points" as a payment method), the points
 * ledger, expiry and the birthday bonus (README.md beside this file). Its tables are in the accounts
 * module's migration 0023.
 */
export const loyaltyModule: ModuleManifest = {
  name: "loyalty",
  routes: [loyaltyRoutes],
  outboxEntities: ["loyalty_entry"],
  start: ({ ctx, log }) => {
    // Idempotent: hourly is "daily" for a machine that may be off at any given hour.
    const run = () => {
      try {
        runDailyLoyalty(ctx);
      } catch (err) {
        log("la tarea diaria de puntos falló", err);
      }
    };
    run();
    const timer = setInterval(run, HOUR);
    return { stop: () => clearInterval(timer) };
  },
};
