import { migrationsBeside } from "@mostrador/kernel/core/module";
import type { GatewayModule } from "../extension.js";
import type { GatewayLink } from "../gateway.js";
import { discoveryExtension } from "./discovery-extension.js";
import { homeAssistantRoutes } from "./routes.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** Home Assistant's MQTT password was issued, rotated or revoked: the broker drops a connected one. */
    "homeAssistant.credentialsChanged": Record<string, never>;
  }
}

/** Home Assistant: MQTT discovery and its MQTT credentials. */
export const discoveryModule = (link: GatewayLink): GatewayModule => ({
  name: "discovery",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [homeAssistantRoutes(link)],
  extension: discoveryExtension,
});
