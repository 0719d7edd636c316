import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { registerSaleHooks } from "../pos/sale-hooks.js";
import { trimToLimit } from "./allowance.js";
import { accountsRoutes } from "./routes.js";
import { accountSaleHooks } from "./sale-hooks.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** A customer's account or points changed (committed): tills showing them refresh. */
    "account.changed": { customerId: string };
  }
}

// Charges on "account" and credits on returns and voids, in the sale's own transaction (pos/sale-hooks.ts).
registerSaleHooks("accounts", accountSaleHooks);

/**
 * Customer accounts (cuenta corriente / fiado): credit limits, the account ledger, payments at the till,
 * statements and debtors, and the allowances that let this store spend a tenant-scope credit offline
 * (README.md beside this file). Its migration (0023) also holds the loyalty module's tables.
 */
export const accountsModule: ModuleManifest = {
  name: "accounts",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [accountsRoutes],
  events: ["account.changed"],
  outboxEntities: ["account_entry", "allowance_entry", "customer_credit_limit"],
  // A limit that came down lower than what this store holds: hand back the excess at once (allowance.ts).
  start({ ctx, log }) {
    const off = ctx.bus.on("account.changed", ({ customerId }) => {
      try {
        ctx.db.transaction(() => trimToLimit(ctx, customerId)).immediate();
      } catch (err) {
        log("accounts: no se pudo devolver el cupo por encima del límite", err);
      }
    });
    return { stop: off };
  },
};
