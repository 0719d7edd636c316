import type { FastifyPluginAsync } from "fastify";
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
];
