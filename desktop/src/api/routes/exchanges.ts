import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { ExchangeBody, ExchangeParams, ExchangeSchema } from "@mostrador/contracts/http/exchanges";
import { commitExchange, getExchange } from "../../pos/exchanges.js";
import { principalOf } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";

/**
 * Exchanges (cambios). Not behind requirePermission: a cashier may make one with a manager's `approval`
 * in the body, which the domain verifies (pos/authorize.ts). A resend answers 200, a first commit 201.
 */
export const exchangesRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/exchanges",
    { schema: { body: ExchangeBody, response: { 200: ExchangeSchema, 201: ExchangeSchema } } },
    async (request, reply) => {
      const { exchange, created } = commitExchange(ctx, principalOf(request), request.body);
      reply.status(created ? 201 : 200);
      return exchange;
    },
  );

  app.get(
    "/exchanges/:id",
    { schema: { params: ExchangeParams, response: { 200: ExchangeSchema } } },
    async (request) => getExchange(ctx, request.params.id),
  );
};
