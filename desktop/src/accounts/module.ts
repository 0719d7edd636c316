import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { registerSaleHooks } from "../pos/sale-hooks.js";
import { answerRecalls, trimToLimit } from "./allowance.js";
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
  // A recall the owner made in the dashboard: hand back what is not spent of it, at once.
  start({ ctx, log }) {
    const off = ctx.bus.on("account.changed", ({ customerId }) => {
      try {
        ctx.db.transaction(() => trimToLimit(ctx, customerId)).immediate();
      } catch (err) {
        log("accounts: no se pudo devolver el cupo por encima del límite", err);
      }
      try {
        const answered = ctx.db.transaction(() => answerRecalls(ctx, customerId)).immediate();
        // Tills showing the customer refresh; the second round finds nothing left to answer.
        for (const id of answered) ctx.bus.emit("account.changed", { customerId: id });
      } catch (err) {
        log("accounts: no se pudo responder el pedido de devolución del cupo", err);
      }
    });
    return { stop: off };
  },
};
