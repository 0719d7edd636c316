import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { ReadingsAnswerSchema, ReadingsParams, ReadingsQuery } from "@mostrador/contracts/http/telemetry";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { readings } from "./readings-query.js";

// Requests and answers are the HTTP contract's (contracts/src/http/telemetry.ts).

export const telemetryRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/devices/:id/readings",
    {
      schema: { params: ReadingsParams, querystring: ReadingsQuery, response: { 200: ReadingsAnswerSchema } },
    },
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
