import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { onlineOrdersRoutes } from "./routes.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** Channel orders arrived or changed (the online_orders shape, committed): "Pedidos online" re-reads. */
    "online_orders.changed": { orderIds: string[] };
  }
}

/**
 * "Pedidos online" (README.md beside this file): the Tiendanube and Mercado Libre orders the cloud sends
 * down (the online_orders shape, applied by sync), listed at the till; their stock is held from arrival
 * (migration 0050's triggers), "Preparar" turns one into a sale, "Registrar la devolución" returns it.
 */
export const onlineOrdersModule: ModuleManifest = {
  name: "online-orders",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [onlineOrdersRoutes],
  events: ["online_orders.changed"],
  outboxEntities: ["online_order"],
};
