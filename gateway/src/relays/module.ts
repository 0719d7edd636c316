import type { GatewayModule } from "../extension.js";
import type { GatewayLink } from "../gateway.js";
import { relayExtension } from "../rules/gateway-extensions.js";
import { relayRoutes } from "./routes.js";

/** Relay commands with confirmation, timed OFFs and the failsafe. Starts before the rules, which use it. */
export const relaysModule = (link: GatewayLink): GatewayModule => ({
  name: "relays",
  routes: [relayRoutes(link)],
  outboxEntities: ["relay_command"],
  extension: relayExtension,
});
