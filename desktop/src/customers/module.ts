import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";

/** Customers: who bought, their documents, contact details and consent; sales may name one. */
export const customersModule: ModuleManifest = {
  name: "customers",
  migrations: [migrationsBeside(import.meta.url)],
};
