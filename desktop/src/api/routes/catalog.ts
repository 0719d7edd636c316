import { Type } from "@sinclair/typebox";
import type { FastifyPluginAsync } from "fastify";
import { createCategory, listCategories } from "../../catalog/categories.js";
import { MAX_BARCODES, MAX_SCALE_CODE, MAX_THRESHOLD } from "../../catalog/product-input.js";
import { createProduct, updateProduct } from "../../catalog/product-writes.js";
import { getProduct } from "../../catalog/products.js";
import { resolveScan } from "../../catalog/scan.js";
import { MAX_PAGE_SIZE, searchProducts } from "../../catalog/search.js";
import type { Ctx } from "../../core/context.js";
import { DomainError } from "../../core/errors.js";
import { MAX_AMOUNT } from "../../money/money.js";
import { adjustStock, MAX_STOCK_QUANTITY } from "../../stock/adjust.js";
import { listLowStock } from "../../stock/low-stock.js";
import { principalOf, requirePermission } from "../auth.js";

const Id = Type.String({ minLength: 1, maxLength: 64 });
const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
// Null first: with the server's type coercion, null would otherwise be coerced to 0 by the number branch.
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

const productFields = {
  sku: Type.String({ minLength: 1, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 120 }),
  categoryId: Type.Optional(Nullable(Id)),
  price: Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" }),
  ivaRate: Type.Union([Type.Literal(0), Type.Literal(1050), Type.Literal(2100)]),
  unit: Type.Union([Type.Literal("each"), Type.Literal("kg")]),
  barcodes: Type.Array(Type.String({ minLength: 1, maxLength: 48 }), { maxItems: MAX_BARCODES }),
  scaleCode: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: MAX_SCALE_CODE }))),
  lowStockThreshold: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: MAX_THRESHOLD }))),
};

const CreateProductBody = Type.Object(
  { ...productFields, barcodes: Type.Optional(productFields.barcodes) },
  { additionalProperties: false },
);

const PatchProductBody = Type.Object(
  {
    sku: Type.Optional(productFields.sku),
    name: Type.Optional(productFields.name),
    categoryId: productFields.categoryId,
    price: Type.Optional(productFields.price),
    ivaRate: Type.Optional(productFields.ivaRate),
    unit: Type.Optional(productFields.unit),
    barcodes: Type.Optional(productFields.barcodes),
    scaleCode: productFields.scaleCode,
    lowStockThreshold: productFields.lowStockThreshold,
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const ProductsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    categoryId: Type.Optional(Id),
    active: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

const ScanParams = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

const CategoryBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 60 }) },
  { additionalProperties: false },
);

const AdjustmentBody = Type.Object(
  {
    productId: Id,
    quantity: Type.Integer({
      minimum: -MAX_STOCK_QUANTITY,
      maximum: MAX_STOCK_QUANTITY,
      measure: "quantity",
    }),
    reason: Type.Union([Type.Literal("adjustment"), Type.Literal("receipt"), Type.Literal("count")]),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** Catalog and stock endpoints (API contract: "Catalog and stock"). A thin layer over catalog/ and stock/. */
export const catalogRoutes =
  (ctx: Ctx): FastifyPluginAsync =>
  async (app) => {
    const actorOf = (request: Parameters<typeof principalOf>[0]) => {
      const p = principalOf(request);
      return { staffId: p.staffId, terminalId: p.terminalId };
    };

    app.get("/products", { schema: { querystring: ProductsQuery } }, async (request) =>
      searchProducts(ctx, request.query as typeof ProductsQuery.static),
    );

    app.get("/products/:id", { schema: { params: IdParams } }, async (request) =>
      getProduct(ctx, (request.params as typeof IdParams.static).id),
    );

    app.post(
      "/products",
      { schema: { body: CreateProductBody }, preHandler: requirePermission("catalog.edit") },
      async (request, reply) => {
        const product = createProduct(ctx, request.body as typeof CreateProductBody.static, actorOf(request));
        return reply.status(201).send(product);
      },
    );

    app.patch(
      "/products/:id",
      { schema: { params: IdParams, body: PatchProductBody }, preHandler: requirePermission("catalog.edit") },
      async (request) => {
        const body = request.body as typeof PatchProductBody.static;
        if (Object.keys(body).length === 0)
          throw new DomainError("invalid", "empty_patch", "No hay cambios para guardar");
        return updateProduct(ctx, (request.params as typeof IdParams.static).id, body, actorOf(request));
      },
    );

    app.get("/scan/:code", { schema: { params: ScanParams } }, async (request) =>
      resolveScan(ctx, (request.params as typeof ScanParams.static).code),
    );

    app.get("/categories", async () => listCategories(ctx));

    app.post(
      "/categories",
      { schema: { body: CategoryBody }, preHandler: requirePermission("catalog.edit") },
      async (request, reply) =>
        reply.status(201).send(createCategory(ctx, request.body as typeof CategoryBody.static)),
    );

    app.get("/stock/low", async () => listLowStock(ctx));

    app.post(
      "/stock/adjustments",
      { schema: { body: AdjustmentBody }, preHandler: requirePermission("stock.adjust") },
      async (request) => adjustStock(ctx, actorOf(request), request.body as typeof AdjustmentBody.static),
    );
  };
