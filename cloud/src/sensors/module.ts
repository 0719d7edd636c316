import { fileURLToPath } from "node:url";
import { SYNC_OPS } from "@mostrador/contracts/sync/ops";
import type { CloudModule } from "../core/module.js";
import { applySensorRollups, unfitSensorRollups } from "./projection.js";
import { sensorsRoutes } from "./routes.js";

/**
 * Sensor history (issue 19): each store's hourly sensor rollups as its gateway uploads them
 * (`sensor_rollup`, migration 0044) and the owner's Sensores screen over them and the store's alarms
 * (`/v1/dashboard/sensors*`, screen `ui/src/sensors/`). README: cloud/README.md, "Sensors".
 */
export const sensorsModule: CloudModule = {
  name: "sensors",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  routes: [sensorsRoutes],
  projections: {
    sensor_rollup: {
      apply: applySensorRollups,
      payloads: SYNC_OPS.sensor_rollup,
      refuses: unfitSensorRollups,
    },
  },
};
