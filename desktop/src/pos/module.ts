import { salesRoutes } from "../api/routes/sales.js";
import type { ModuleManifest } from "../core/module.js";

declare module "../core/events.js" {
  interface AppEvents {
    "sale.committed": { saleId: string; terminalId: string; number: number; total: number };
    "sale.voided": { saleId: string; terminalId: string };
    "return.committed": { returnId: string; saleId: string; total: number };
  }
}

/** The till: sales, payments, numbering, returns and voids. */
export const posModule: ModuleManifest = {
  name: "pos",
  routes: [salesRoutes],
  events: ["sale.committed", "sale.voided", "return.committed"],
  outboxEntities: ["sale", "return"],
};
