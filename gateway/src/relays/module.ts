import type { GatewayModule } from "../extensions.js";
import { relayExtension } from "../rules/gateway-extensions.js";
import { relayRoutes } from "./routes.js";

/** Relay commands with confirmation, timed OFFs and the failsafe. Starts before the rules, which use it. */
export const relaysModule: GatewayModule = {
  name: "relays",
  routes: [relayRoutes],
  outboxEntities: ["relay_command"],
  extension: relayExtension,
};
