import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { customersRoutes } from "./routes.js";

/**
 * Customers: who bought, their documents, contact details and marketing consent; sales may name one.
 * Tenant scope (born at any store's till or in the cloud, synced both ways): README.md beside this file.
 */
export const customersModule: ModuleManifest = {
  name: "customers",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [customersRoutes],
  outboxEntities: ["customer"],
};
