import type { ModuleManifest } from "@mostrador/kernel/core/module";
import { customerDisplayRoutes } from "./routes.js";

/**
 * The customer-facing display (README.md beside this file): the till publishes its ticket, Mercado Pago QR
 * and "¡Gracias!", and the appliance relays them to that till's displays. Nothing is stored: no migrations.
 */
export const customerDisplayModule: ModuleManifest = {
  name: "customer-display",
  routes: [customerDisplayRoutes],
};
