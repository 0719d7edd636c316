import type { GatewayModule } from "../extension.js";
import { telemetryExtension } from "../rules/gateway-extensions.js";
import { telemetryRoutes } from "./routes.js";

/** Readings stored in batches, rollups, retention, and the readings query. */
export const telemetryModule: GatewayModule = {
  name: "telemetry",
  routes: [telemetryRoutes],
  extension: telemetryExtension,
};
