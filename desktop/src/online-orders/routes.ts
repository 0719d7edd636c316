import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { IdParams } from "@mostrador/contracts/http/fields";
import {
  OnlineOrderDetail,
  OnlineOrderReturnBody,
  OnlineOrdersAnswer,
  OnlineOrdersQuery,
} from "@mostrador/contracts/http/online-orders";
import { ReturnSchema, SaleSchema } from "@mostrador/contracts/http/sales";
import { principalOf } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { giveBackOnlineOrder } from "./give-back.js";
import { getOnlineOrder, listOnlineOrders } from "./orders.js";
import { prepareOnlineOrder } from "./prepare.js";

/**
 * "Pedidos online": every signed-in staff member reads them and prepares them (preparing is selling, which
 * any cashier with an open caja does); "Registrar la devolución" is a return, with its own permission or a
 * manager's approval (pos/returns.ts).
 */
export const onlineOrdersRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/online-orders",
    { schema: { querystring: OnlineOrdersQuery, response: { 200: OnlineOrdersAnswer } } },
    async (request) => ({ orders: listOnlineOrders(ctx, request.query.status) }),
  );
  app.get(
    "/online-orders/:id",
    { schema: { params: IdParams, response: { 200: OnlineOrderDetail } } },
    async (request) => getOnlineOrder(ctx, request.params.id),
  );
  app.post(
    "/online-orders/:id/prepare",
    { schema: { params: IdParams, response: { 201: SaleSchema } } },
    async (request, reply) => {
      const sale = prepareOnlineOrder(ctx, principalOf(request), request.params.id);
      reply.status(201);
      return sale;
    },
  );
  app.post(
    "/online-orders/:id/return",
    { schema: { params: IdParams, body: OnlineOrderReturnBody, response: { 201: ReturnSchema } } },
    async (request, reply) => {
      const saleReturn = giveBackOnlineOrder(
        ctx,
        principalOf(request),
        request.params.id,
        request.body.approval,
      );
      reply.status(201);
      return saleReturn;
    },
  );
};
