import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principalOf, requirePermission } from "../../../desktop/src/api/auth.js";
import type { RoutesFactory } from "@mostrador/desktop/core/module";
import { enrollAppliance } from "./enroll.js";
import { getSyncStatus, requestParkedRetry } from "./sync-status.js";

const EnrollBody = Type.Object(
  {
    cloudUrl: Type.String({ minLength: 8, maxLength: 300 }),
    code: Type.String({ minLength: 1, maxLength: 20 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: "\\S" })),
  },
  { additionalProperties: false },
);

const OpIdParams = Type.Object({ id: Type.String({ format: "uuid" }) }, { additionalProperties: false });

/** /api/sync: enrollment (owner), the till's sync indicator, and retrying a parked op. */
export const syncRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get("/sync/status", async () => getSyncStatus(ctx));

  app.post(
    "/sync/enroll",
    { preHandler: requirePermission("settings.edit"), schema: { body: EnrollBody } },
    async (request, reply) => {
      const { cloudUrl, code, name } = request.body;
      const result = await enrollAppliance(
        ctx,
        { cloudUrl, code, name: name?.trim() ?? "Mostrador" },
        principalOf(request),
      );
      return reply.status(201).send(result);
    },
  );

  app.post(
    "/sync/parked/:id/retry",
    { preHandler: requirePermission("settings.edit"), schema: { params: OpIdParams } },
    async (request) => requestParkedRetry(ctx, request.params.id),
  );
};
