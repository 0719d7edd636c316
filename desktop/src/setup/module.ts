import type { ModuleManifest } from "@mostrador/kernel/core/module";
import { setupRoutes } from "./routes.js";

/** The first run: the wizard's routes, open until the shop has an owner (no tables of its own). */
export const setupModule: ModuleManifest = {
  name: "setup",
  routes: [setupRoutes],
};
