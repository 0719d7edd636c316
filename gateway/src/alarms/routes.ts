import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principalOf, requirePermission } from "../../../desktop/src/api/auth.js";
import type { RoutesFactory } from "@mostrador/desktop/core/module";
import { ALARM_PAGE_MAX, acknowledgeAlarm, clearAlarm, listAlarms } from "./alarms.js";

const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("all")])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: ALARM_PAGE_MAX })),
  },
  { additionalProperties: false },
);
const ClearBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false },
);

/**
 * Anyone at the till may see and acknowledge an alarm (the cashier is the one who closes the fridge door);
 * clearing by hand says "this is dealt with" and needs devices.manage.
 */
export const alarmRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get("/alarms", { schema: { querystring: ListQuery } }, async (request) =>
    listAlarms(ctx.db, { status: request.query.status ?? "active", limit: request.query.limit }),
  );

  app.post("/alarms/:id/acknowledge", { schema: { params: IdParams } }, async (request) =>
    acknowledgeAlarm(ctx, request.params.id, principalOf(request).staffId),
  );

  app.post(
    "/alarms/:id/clear",
    {
      preHandler: requirePermission("devices.manage"),
      schema: { params: IdParams, body: Type.Optional(ClearBody) },
    },
    async (request) => clearAlarm(ctx, request.params.id, principalOf(request).staffId, request.body?.reason),
  );
};
