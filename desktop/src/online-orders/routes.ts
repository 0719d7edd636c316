import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { IdParams } from "@mostrador/contracts/http/fields";
import {
  OnlineOrderDetail,
  OnlineOrdersAnswer,
  OnlineOrdersQuery,
} from "@mostrador/contracts/http/online-orders";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { getOnlineOrder, listOnlineOrders } from "./orders.js";

/** "Pedidos online": read-only for every signed-in staff member (they prepare the orders). */
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
};
