import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { listenToShapeLog } from "./shape-log-listener.js";
import { shapeRoutes } from "./shape-routes.js";

/**
 * Download (cloud → edge): GET /v1/shape, Electric's shape protocol over the appliance's tenant and
 * store. On start it LISTENs to the shape log's NOTIFY, so every committed change wakes the long-polls.
 */
export const shapesModule: CloudModule = {
  name: "shapes",
  // 0046: each product's snapshot text, kept by a trigger (shape-log.ts, readSnapshot).
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  routes: [shapeRoutes],
  async start(kernel) {
    const stop = await listenToShapeLog(kernel.sql);
    return { stop };
  },
};
