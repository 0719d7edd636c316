import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { BarBody, BarList, BarParams, BarSchema } from "@mostrador/contracts/http/bar";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { createBar, deleteBar, getBar, listBars, updateBar } from "./layouts.js";

/**
 * Bars' layouts: anyone logged in reads them (the bar screen); a manager who may edit the catalog changes
 * them (which products are at the bar, in which order).
 */
export const barRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const edit = { preHandler: requirePermission("catalog.edit") };

  app.get("/bars", { schema: { response: { 200: BarList } } }, async () => listBars(ctx));

  app.get("/bars/:id", { schema: { params: BarParams, response: { 200: BarSchema } } }, async (request) =>
    getBar(ctx, request.params.id),
  );

  app.post(
    "/bars",
    { ...edit, schema: { body: BarBody, response: { 201: BarSchema } } },
    async (request, reply) => reply.code(201).send(createBar(ctx, principalOf(request), request.body)),
  );

  app.put(
    "/bars/:id",
    { ...edit, schema: { params: BarParams, body: BarBody, response: { 200: BarSchema } } },
    async (request) => updateBar(ctx, principalOf(request), request.params.id, request.body),
  );

  app.delete("/bars/:id", { ...edit, schema: { params: BarParams } }, async (request, reply) => {
    deleteBar(ctx, principalOf(request), request.params.id);
    return reply.code(204).send();
  });
};
