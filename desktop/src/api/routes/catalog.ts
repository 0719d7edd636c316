import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  AdjustmentAnswer,
  AdjustmentBody,
  CategoryBody,
  CategoryList,
  CategorySchema,
  CreateProductBody,
  LowStockList,
  PatchProductBody,
  ProductPageSchema,
  ProductParams,
  ProductSchema,
  ProductsQuery,
  ScanAnswerSchema,
  ScanParams,
} from "@mostrador/contracts/http/catalog";
import type { FastifyPluginAsync } from "fastify";
import { createCategory, listCategories } from "../../catalog/categories.js";
import { createProduct, updateProduct } from "../../catalog/product-writes.js";
import { getProduct } from "../../catalog/products.js";
import { resolveScan } from "../../catalog/scan.js";
import { searchProducts } from "../../catalog/search.js";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { adjustStock } from "../../stock/adjust.js";
import { listLowStock } from "../../stock/low-stock.js";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";

// Requests and answers are the HTTP contract's (contracts/src/http/catalog.ts).
const product = { 200: ProductSchema };

/** Catalog and stock endpoints (API contract: "Catalog and stock"). A thin layer over catalog/ and stock/. */
export const catalogRoutes =
  (ctx: Ctx): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const actorOf = (request: Parameters<typeof principalOf>[0]) => {
      const p = principalOf(request);
      return { staffId: p.staffId, terminalId: p.terminalId };
    };

    app.get(
      "/products",
      { schema: { querystring: ProductsQuery, response: { 200: ProductPageSchema } } },
      async (request) => searchProducts(ctx, request.query),
    );

    app.get("/products/:id", { schema: { params: ProductParams, response: product } }, async (request) =>
      getProduct(ctx, request.params.id),
    );

    app.post(
      "/products",
      {
        schema: { body: CreateProductBody, response: { 201: ProductSchema } },
        preHandler: requirePermission("catalog.edit"),
      },
      async (request, reply) => {
        const product = createProduct(ctx, request.body, actorOf(request));
        return reply.status(201).send(product);
      },
    );

    app.patch(
      "/products/:id",
      {
        schema: { params: ProductParams, body: PatchProductBody, response: product },
        preHandler: requirePermission("catalog.edit"),
      },
      async (request) => {
        const body = request.body;
        if (Object.keys(body).length === 0)
          throw new DomainError("invalid", "empty_patch", "No hay cambios para guardar");
        return updateProduct(ctx, request.params.id, body, actorOf(request));
      },
    );

    app.get(
      "/scan/:code",
      { schema: { params: ScanParams, response: { 200: ScanAnswerSchema } } },
      async (request) => resolveScan(ctx, request.params.code),
    );

    app.get("/categories", { schema: { response: { 200: CategoryList } } }, async () => listCategories(ctx));

    app.post(
      "/categories",
      {
        schema: { body: CategoryBody, response: { 201: CategorySchema } },
        preHandler: requirePermission("catalog.edit"),
      },
      async (request, reply) => reply.status(201).send(createCategory(ctx, request.body)),
    );

    app.get("/stock/low", { schema: { response: { 200: LowStockList } } }, async () => listLowStock(ctx));

    app.post(
      "/stock/adjustments",
      {
        schema: { body: AdjustmentBody, response: { 200: AdjustmentAnswer } },
        preHandler: requirePermission("stock.adjust"),
      },
      async (request) => adjustStock(ctx, actorOf(request), request.body),
    );
  };
