import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  AlarmList,
  AlarmListQuery,
  AlarmParams,
  AlarmSchema,
  ClearBody,
} from "@mostrador/contracts/http/alarms";
import { Type } from "@sinclair/typebox";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { acknowledgeAlarm, clearAlarm, listAlarms } from "./alarms.js";

// Requests and answers are the HTTP contract's (contracts/src/http/alarms.ts).
const alarm = { 200: AlarmSchema };

/**
 * Anyone at the till may see and acknowledge an alarm (the cashier is the one who closes the fridge door);
 * clearing by hand says "this is dealt with" and needs devices.manage.
 */
export const alarmRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/alarms",
    { schema: { querystring: AlarmListQuery, response: { 200: AlarmList } } },
    async (request) =>
      listAlarms(ctx.db, { status: request.query.status ?? "active", limit: request.query.limit }),
  );

  app.post("/alarms/:id/acknowledge", { schema: { params: AlarmParams, response: alarm } }, async (request) =>
    acknowledgeAlarm(ctx, request.params.id, principalOf(request).staffId),
  );

  app.post(
    "/alarms/:id/clear",
    {
      preHandler: requirePermission("devices.manage"),
      schema: { params: AlarmParams, body: Type.Optional(ClearBody), response: alarm },
    },
    async (request) => clearAlarm(ctx, request.params.id, principalOf(request).staffId, request.body?.reason),
  );
};
