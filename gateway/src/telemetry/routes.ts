import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { MqttIdSchema } from "@mostrador/contracts/mqtt/schemas";
import { Type } from "@sinclair/typebox";
import type { RoutesFactory } from "@mostrador/desktop/core/module";
import { DomainError } from "../../../desktop/src/core/errors.js";
import { stmt } from "../../../desktop/src/db/statements.js";
import { readings } from "./readings-query.js";

const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
/** Epoch milliseconds between 2000 and 2100: anything else is a typo, not a chart. */
const Epoch = Type.Integer({ minimum: 946_684_800_000, maximum: 4_102_444_800_000 });
const ReadingsQuery = Type.Object(
  {
    key: MqttIdSchema,
    from: Epoch,
    to: Epoch,
    resolution: Type.Optional(
      Type.Union([Type.Literal("raw"), Type.Literal("minute"), Type.Literal("hour")]),
    ),
  },
  { additionalProperties: false },
);

export const telemetryRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/devices/:id/readings",
    { schema: { params: IdParams, querystring: ReadingsQuery } },
    async (request) => {
      const { id } = request.params;
      if (!stmt(ctx.db, "SELECT 1 FROM devices WHERE id = ?").get(id)) {
        throw new DomainError("not_found", "device_not_found", "No existe ese equipo");
      }
      const { key, from, to, resolution = "minute" } = request.query;
      return {
        deviceId: id,
        key,
        resolution,
        points: readings(ctx.db, { deviceId: id, key, from, to, resolution }),
      };
    },
  );
};
