import { settingsRoutes } from "./routes.js";
import type { ModuleManifest } from "../core/module.js";

declare module "../core/events.js" {
  interface AppEvents {
    /** Shop settings were changed (staff/settings-changes.ts); listeners re-read what they need. */
    "settings.changed": { keys: string[] };
  }
}

/** Shop settings and terminals. */
export const settingsModule: ModuleManifest = {
  name: "settings",
  routes: [settingsRoutes],
  events: ["settings.changed"],
  outboxEntities: ["shop_settings"],
};
