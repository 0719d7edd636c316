import { exchangesRoutes } from "../api/routes/exchanges.js";
import { salesRoutes } from "../api/routes/sales.js";
import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    "sale.committed": { saleId: string; terminalId: string; number: number; total: number };
    "sale.voided": { saleId: string; terminalId: string };
    "return.committed": { returnId: string; saleId: string; total: number };
  }
}

/** The till: sales, payments, numbering, returns, exchanges and voids. */
export const posModule: ModuleManifest = {
  name: "pos",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [salesRoutes, exchangesRoutes],
  events: ["sale.committed", "sale.voided", "return.committed"],
  outboxEntities: ["sale", "return"],
};
