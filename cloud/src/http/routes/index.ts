import { dashboardRoutes } from "../../dashboard/routes.js";
import { ingestRoutes } from "../../ingest/routes.js";
import { messagingModule } from "../../messaging/module.js";
import { shapeRoutes } from "../../shapes/shape-routes.js";
import type { CloudRoutesFactory } from "../deps.js";
import { applianceRoutes } from "./appliances.js";
import { authRoutes } from "./auth.js";
import { storeRoutes } from "./stores.js";

/** Every /v1 route plugin. Helpers adding a domain append one line here. */
export const cloudRoutes: CloudRoutesFactory[] = [
  authRoutes,
  storeRoutes,
  applianceRoutes,
  dashboardRoutes,
  ingestRoutes,
  shapeRoutes,
  ...(messagingModule.routes ?? []),
];
