import type { FastifyPluginAsync } from "fastify";
import type { Ctx } from "../../core/context.js";

/** Each domain contributes one route plugin; the list is the map of the API. */
export type RoutesFactory = (ctx: Ctx) => FastifyPluginAsync;

export const apiRoutes: RoutesFactory[] = [];
