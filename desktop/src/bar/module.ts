import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { barRoutes } from "./routes.js";

/**
 * Bar mode (README.md beside this file): the bars' button layouts. The touch screen itself is the till
 * UI's (desktop/ui/src/bar); a charge there is a sale paid by card, written by pos and cards.
 */
export const barModule: ModuleManifest = {
  name: "bar",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [barRoutes],
};
