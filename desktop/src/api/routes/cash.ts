import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  CashReportSchema,
  CashSessionSchema,
  CloseBody,
  CurrentSessionAnswer,
  MovementBody,
  OpenBody,
  SessionParams,
} from "@mostrador/contracts/http/cash";
import { closeSession, getXReport, getZReport } from "../../cash/close.js";
import { addCashMovement, getCurrentSession, openSession } from "../../cash/sessions.js";
import { principalOf, requirePermission, terminalOf } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";

// Requests and answers are the HTTP contract's (contracts/src/http/cash.ts).
const session = { 200: CashSessionSchema, 201: CashSessionSchema };
const report = { 200: CashReportSchema };

/**
 * Cash sessions of the logged-in till. The X report needs cash.close_z like the close itself: it shows the
 * expected cash, and a cashier who could read it before counting would make the blind close pointless.
 */
export const cashRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const closer = { preHandler: requirePermission("cash.close_z") };

  app.get("/cash/current", { schema: { response: { 200: CurrentSessionAnswer } } }, async (request) => ({
    session: getCurrentSession(ctx, terminalOf(request)),
  }));

  app.post("/cash/open", { schema: { body: OpenBody, response: session } }, async (request, reply) => {
    const session = openSession(ctx, principalOf(request), request.body.openingFloat);
    reply.status(201);
    return session;
  });

  app.post(
    "/cash/movements",
    { preHandler: requirePermission("cash.move"), schema: { body: MovementBody, response: session } },
    async (request) => addCashMovement(ctx, principalOf(request), request.body),
  );

  app.get("/cash/x-report", { ...closer, schema: { response: report } }, async (request) =>
    getXReport(ctx, principalOf(request)),
  );

  app.post("/cash/close", { ...closer, schema: { body: CloseBody, response: report } }, async (request) =>
    closeSession(ctx, principalOf(request), request.body.countedCash),
  );

  app.get(
    "/cash/sessions/:id/z-report",
    { schema: { params: SessionParams, response: report } },
    async (request) => getZReport(ctx, request.params.id),
  );
};
