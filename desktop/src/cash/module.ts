import { cashRoutes } from "../api/routes/cash.js";
import type { ModuleManifest } from "../core/module.js";

declare module "../core/events.js" {
  interface AppEvents {
    "cash.changed": { sessionId: string; terminalId: string; status: "open" | "closed" };
  }
}

/** Cash sessions, cash in and out, blind close, X and Z reports. */
export const cashModule: ModuleManifest = {
  name: "cash",
  routes: [cashRoutes],
  events: ["cash.changed"],
  outboxEntities: ["cash_session", "cash_movement"],
};
