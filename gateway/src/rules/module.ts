import { migrationsBeside } from "@mostrador/kernel/core/module";
import type { GatewayModule } from "../extension.js";
import { rulesExtension } from "./gateway-extensions.js";
import { ruleRoutes } from "./routes.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** A rule was created, edited or deleted (committed): the engine re-reads its rules. */
    "rules.changed": { ruleId: string };
  }
}

/** The rule store and engine; a rule's notify action queues an owner notification (the kernel's notifyOwner). */
export const rulesModule: GatewayModule = {
  name: "rules",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [ruleRoutes],
  outboxEntities: ["rule"],
  extension: rulesExtension,
};
