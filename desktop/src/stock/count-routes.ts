import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  CountEntryAnswer,
  CountEntryBody,
  CountList,
  CountParams,
  CountSchema,
  NewCountBody,
} from "@mostrador/contracts/http/stock-counts";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { approveCount, cancelCount, getCount, listCounts, recordCountEntry, startCount } from "./counts.js";

/**
 * Stock counts. Any logged-in staff member reads counts and adds entries (counting is floor work);
 * starting, approving and cancelling need stock.adjust (managers and owners), since they move stock.
 */
export const countRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const manager = { preHandler: requirePermission("stock.adjust") };
  const actor = (request: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(request);
    return { staffId: p.staffId, terminalId: p.terminalId };
  };

  app.get("/stock-counts", { schema: { response: { 200: CountList } } }, async () => listCounts(ctx));
  app.get(
    "/stock-counts/:id",
    { schema: { params: CountParams, response: { 200: CountSchema } } },
    async (request) => getCount(ctx, request.params.id),
  );
  app.post(
    "/stock-counts",
    { ...manager, schema: { body: NewCountBody, response: { 201: CountSchema } } },
    async (request, reply) => {
      reply.status(201);
      return startCount(ctx, actor(request), request.body);
    },
  );
  app.post(
    "/stock-counts/:id/entries",
    {
      schema: {
        params: CountParams,
        body: CountEntryBody,
        response: { 200: CountEntryAnswer, 201: CountEntryAnswer },
      },
    },
    async (request, reply) => {
      const result = recordCountEntry(ctx, actor(request), request.params.id, request.body);
      reply.status(result.created ? 201 : 200);
      return result;
    },
  );
  app.post(
    "/stock-counts/:id/approve",
    { ...manager, schema: { params: CountParams, response: { 200: CountSchema } } },
    async (request) => approveCount(ctx, actor(request), request.params.id),
  );
  app.post(
    "/stock-counts/:id/cancel",
    { ...manager, schema: { params: CountParams, response: { 200: CountSchema } } },
    async (request) => cancelCount(ctx, actor(request), request.params.id),
  );
};
