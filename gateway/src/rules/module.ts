import type { GatewayModule } from "../extensions.js";
import { rulesExtension } from "./gateway-extensions.js";
import { ruleRoutes } from "./routes.js";

/** The rule store and engine; a rule's notify action writes a notification. */
export const rulesModule: GatewayModule = {
  name: "rules",
  routes: [ruleRoutes],
  outboxEntities: ["rule", "notification"],
  extension: rulesExtension,
};
