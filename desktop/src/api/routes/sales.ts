import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  ReturnBody,
  ReturnSchema,
  SaleBody,
  SaleList,
  SaleParams,
  SaleSchema,
  SalesQuery,
  VoidBody,
} from "@mostrador/contracts/http/sales";
import { commitReturn } from "../../pos/returns.js";
import { commitSale } from "../../pos/sale.js";
import { getSale, listSales } from "../../pos/sale-view.js";
import { voidSale } from "../../pos/voids.js";
import { principalOf } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";

// Requests and answers are the HTTP contract's (contracts/src/http/sales.ts); a resend answers 200, a
// first commit 201, with the same body.
const saleAnswer = { 200: SaleSchema, 201: SaleSchema };

/**
 * Sales, voids and returns. Void and return are NOT behind requirePermission: a cashier may do them with a
 * manager's `approval` in the body, which the domain verifies (pos/authorize.ts).
 */
export const salesRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.post("/sales", { schema: { body: SaleBody, response: saleAnswer } }, async (request, reply) => {
    const { sale, created } = commitSale(ctx, principalOf(request), request.body);
    reply.status(created ? 201 : 200);
    return sale;
  });

  app.get("/sales", { schema: { querystring: SalesQuery, response: { 200: SaleList } } }, async (request) =>
    listSales(ctx, request.query),
  );

  app.get("/sales/:id", { schema: { params: SaleParams, response: { 200: SaleSchema } } }, async (request) =>
    getSale(ctx, request.params.id),
  );

  app.post(
    "/sales/:id/void",
    { schema: { params: SaleParams, body: VoidBody, response: { 200: SaleSchema } } },
    async (request) => voidSale(ctx, principalOf(request), request.params.id, request.body),
  );

  app.post(
    "/sales/:id/returns",
    { schema: { params: SaleParams, body: ReturnBody, response: { 200: ReturnSchema, 201: ReturnSchema } } },
    async (request, reply) => {
      const { saleReturn, created } = commitReturn(
        ctx,
        principalOf(request),
        request.params.id,
        request.body,
      );
      reply.status(created ? 201 : 200);
      return saleReturn;
    },
  );
};
