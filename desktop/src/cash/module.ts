import { cashRoutes } from "../api/routes/cash.js";
import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    "cash.changed": { sessionId: string; terminalId: string; status: "open" | "closed" };
  }
}

/** Cash sessions, cash in and out, blind close, X and Z reports. */
export const cashModule: ModuleManifest = {
  name: "cash",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [cashRoutes],
  events: ["cash.changed"],
  outboxEntities: ["cash_session", "cash_movement"],
};
