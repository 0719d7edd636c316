import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  EnrollBody,
  EnrollResultSchema,
  OpIdParams,
  ParkedOpSchema,
  SyncStatusSchema,
} from "@mostrador/contracts/http/sync";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { enrollAppliance } from "./enroll.js";
import { getSyncStatus, requestParkedRetry } from "./sync-status.js";

// Requests and answers are the HTTP contract's (contracts/src/http/sync.ts).

/** /api/sync: enrollment (owner), the till's sync indicator, and retrying a parked op. */
export const syncRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get("/sync/status", { schema: { response: { 200: SyncStatusSchema } } }, async () =>
    getSyncStatus(ctx),
  );

  app.post(
    "/sync/enroll",
    {
      preHandler: requirePermission("settings.edit"),
      schema: { body: EnrollBody, response: { 201: EnrollResultSchema } },
    },
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
    {
      preHandler: requirePermission("settings.edit"),
      schema: { params: OpIdParams, response: { 200: ParkedOpSchema } },
    },
    async (request) => requestParkedRetry(ctx, request.params.id),
  );
};
