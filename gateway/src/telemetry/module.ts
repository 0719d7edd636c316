import { migrationsBeside } from "@mostrador/kernel/core/module";
import type { GatewayModule } from "../extension.js";
import { telemetryExtension } from "../rules/gateway-extensions.js";
import { telemetryRoutes } from "./routes.js";

/** Readings stored in batches, rollups (closed hours sent to the cloud), retention, and the readings query. */
export const telemetryModule: GatewayModule = {
  name: "telemetry",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [telemetryRoutes],
  outboxEntities: ["sensor_rollup"],
  extension: telemetryExtension,
};
