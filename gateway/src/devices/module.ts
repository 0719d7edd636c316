import type { GatewayModule } from "../extensions.js";
import { deviceRoutes } from "./routes.js";

/** The device registry and credentials (the broker and its device cache are the gateway's own). */
export const devicesModule: GatewayModule = {
  name: "devices",
  routes: [deviceRoutes],
  outboxEntities: ["device"],
};
