import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  ConvertToModelBody,
  CreateModelBody,
  PatchVariantBody,
  PatchVariantsBody,
  SetAxesBody,
  VariantGridSchema,
} from "@mostrador/contracts/http/catalog";
import { IdParams } from "@mostrador/contracts/http/fields";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import {
  convertToModel,
  createModel,
  getVariantGrid,
  setAxes,
  updateVariant,
  updateVariants,
} from "./variants.js";

/**
 * Products with variants: create a model with its grid, change its axes, edit one variant or several at
 * once (the grid editor's save, all or nothing), turn a
 * simple product into a model, and read the grid (the till's picker and the editor). A model's own
 * name, price, category and IVA are edited as any product's (PATCH /api/products/:id): its variants follow.
 */
export const variantRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const editor = { preHandler: requirePermission("catalog.edit") };
  const actorOf = (request: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(request);
    return { staffId: p.staffId, terminalId: p.terminalId };
  };
  const grid = { 200: VariantGridSchema };

  app.get("/products/:id/variants", { schema: { params: IdParams, response: grid } }, async (request) =>
    getVariantGrid(ctx, request.params.id),
  );
  app.post(
    "/variant-models",
    { ...editor, schema: { body: CreateModelBody, response: { 201: VariantGridSchema } } },
    async (request, reply) => reply.status(201).send(createModel(ctx, request.body, actorOf(request))),
  );
  app.put(
    "/products/:id/variant-axes",
    { ...editor, schema: { params: IdParams, body: SetAxesBody, response: grid } },
    async (request) => setAxes(ctx, request.params.id, request.body, actorOf(request)),
  );
  app.post(
    "/products/:id/convert-to-model",
    { ...editor, schema: { params: IdParams, body: ConvertToModelBody, response: grid } },
    async (request) => convertToModel(ctx, request.params.id, request.body, actorOf(request)),
  );
  app.patch(
    "/products/:id/variants",
    { ...editor, schema: { params: IdParams, body: PatchVariantsBody, response: grid } },
    async (request) => updateVariants(ctx, request.params.id, request.body, actorOf(request)),
  );
  app.patch(
    "/variants/:id",
    { ...editor, schema: { params: IdParams, body: PatchVariantBody, response: grid } },
    async (request) => updateVariant(ctx, request.params.id, request.body, actorOf(request)),
  );
};
