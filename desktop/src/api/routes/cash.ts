import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { closeSession, getXReport, getZReport } from "../../cash/close.js";
import { addCashMovement, getCurrentSession, openSession } from "../../cash/sessions.js";
import { MAX_AMOUNT } from "../../money/money.js";
import { principalOf, requirePermission, terminalOf } from "../auth.js";
import type { RoutesFactory } from "../../core/module.js";

const Amount = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" });

const OpenBody = Type.Object({ openingFloat: Amount }, { additionalProperties: false });
const MovementBody = Type.Object(
  {
    kind: Type.Union([Type.Literal("in"), Type.Literal("out")]),
    amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, measure: "money" }),
    reason: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
const CloseBody = Type.Object({ countedCash: Amount }, { additionalProperties: false });
const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

/**
 * Cash sessions of the logged-in till. The X report needs cash.close_z like the close itself: it shows the
 * expected cash, and a cashier who could read it before counting would make the blind close pointless.
 */
export const cashRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const closer = { preHandler: requirePermission("cash.close_z") };

  app.get("/cash/current", async (request) => ({ session: getCurrentSession(ctx, terminalOf(request)) }));

  app.post("/cash/open", { schema: { body: OpenBody } }, async (request, reply) => {
    const session = openSession(ctx, principalOf(request), request.body.openingFloat);
    reply.status(201);
    return session;
  });

  app.post(
    "/cash/movements",
    { preHandler: requirePermission("cash.move"), schema: { body: MovementBody } },
    async (request) => addCashMovement(ctx, principalOf(request), request.body),
  );

  app.get("/cash/x-report", closer, async (request) => getXReport(ctx, principalOf(request)));

  app.post("/cash/close", { ...closer, schema: { body: CloseBody } }, async (request) =>
    closeSession(ctx, principalOf(request), request.body.countedCash),
  );

  app.get("/cash/sessions/:id/z-report", { schema: { params: IdParams } }, async (request) =>
    getZReport(ctx, request.params.id),
  );
};
