import type { ModuleManifest } from "@mostrador/kernel/core/module";
import { spreadsheetRoutes } from "./routes.js";

/**
 * Spreadsheets in and out: the catalog, prices and suppliers imported from CSV or XLSX (checked whole,
 * written in one transaction through the catalog's and purchasing's own writes, which enqueue the
 * outbox), and exported for Excel. No tables and no outbox entities of its own.
 */
export const spreadsheetsModule: ModuleManifest = {
  name: "spreadsheets",
  migrations: [],
  routes: [spreadsheetRoutes],
  events: [],
  outboxEntities: [],
};
