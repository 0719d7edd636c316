import { migrationsBeside } from "@mostrador/kernel/core/module";
import type { GatewayModule } from "../extension.js";
import type { GatewayLink } from "../gateway.js";
import { deviceRoutes } from "./routes.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** A device was registered, changed or re-keyed (committed): the broker's cache and discovery reload. */
    "devices.changed": { deviceId: string };
  }
}

/** The device registry and credentials (the broker and its device cache are the gateway's own). */
export const devicesModule = (link: GatewayLink): GatewayModule => ({
  name: "devices",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [deviceRoutes(link)],
  outboxEntities: ["device"],
});
