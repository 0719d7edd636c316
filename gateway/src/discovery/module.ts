import type { GatewayModule } from "../extensions.js";
import { discoveryExtension } from "./discovery-extension.js";
import { homeAssistantRoutes } from "./routes.js";

/** Home Assistant: MQTT discovery and its MQTT credentials. */
export const discoveryModule: GatewayModule = {
  name: "discovery",
  routes: [homeAssistantRoutes],
  extension: discoveryExtension,
};
