import type { FastifyPluginAsync } from "fastify";
import { alarmRoutes } from "../../../../gateway/src/alarms/routes.js";
import { deviceRoutes } from "../../../../gateway/src/devices/routes.js";
import { homeAssistantRoutes } from "../../../../gateway/src/discovery/routes.js";
import { relayRoutes } from "../../../../gateway/src/relays/routes.js";
import { ruleRoutes } from "../../../../gateway/src/rules/routes.js";
import { telemetryRoutes } from "../../../../gateway/src/telemetry/routes.js";
import { syncRoutes } from "../../../../sync/src/upload/routes.js";
import type { Ctx } from "../../core/context.js";
import { cashRoutes } from "./cash.js";
import { catalogRoutes } from "./catalog.js";
import { receiptRoutes } from "./receipts.js";
import { salesRoutes } from "./sales.js";
import { settingsRoutes } from "./settings.js";
import { staffRoutes } from "./staff.js";

/** Each domain contributes one route plugin; the list is the map of the API. */
export type RoutesFactory = (ctx: Ctx) => FastifyPluginAsync;

export const apiRoutes: RoutesFactory[] = [
  staffRoutes,
  catalogRoutes,
  settingsRoutes,
  cashRoutes,
  receiptRoutes,
  salesRoutes,
  deviceRoutes,
  ruleRoutes,
  alarmRoutes,
  telemetryRoutes,
  relayRoutes,
  homeAssistantRoutes,
  syncRoutes,
];
