import type { CloudModule } from "../core/module.js";
import { shapeRoutes } from "./shape-routes.js";

/** Download (cloud → edge): GET /v1/shape, Electric's shape protocol over the appliance's tenant and store. */
export const shapesModule: CloudModule = {
  name: "shapes",
  routes: [shapeRoutes],
};
