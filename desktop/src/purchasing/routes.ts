import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  FromLowStockBody,
  NewOrderBody,
  PurchaseOrderList,
  PurchaseOrderParams,
  PurchaseOrderSchema,
  ReceiptAnswer,
  ReceiptBody,
  ReorderList,
  ReorderQuery,
  SupplierBody,
  SupplierList,
  SupplierParams,
  SupplierPatchBody,
  SupplierSchema,
  ValuationSchema,
} from "@mostrador/contracts/http/purchasing";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { cancelOrder, createOrder, getOrder, listOrders, sendOrder } from "./orders.js";
import { receiveGoods } from "./receipts.js";
import { orderFromLowStock, reorderList } from "./reorder.js";
import { createSupplier, getSupplier, listSuppliers, updateSupplier } from "./suppliers.js";
import { stockValuation } from "./valuation.js";

/**
 * Suppliers, purchase orders, receipts, valuation and the reorder list. Reading is open to any logged-in
 * staff; every write needs stock.adjust (managers and owners), as moving stock by hand does.
 */
export const purchasingRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const writer = { preHandler: requirePermission("stock.adjust") };
  const actor = (request: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(request);
    return { staffId: p.staffId, terminalId: p.terminalId };
  };
  const order = { 200: PurchaseOrderSchema, 201: PurchaseOrderSchema };

  app.get("/suppliers", { schema: { response: { 200: SupplierList } } }, async () => listSuppliers(ctx));
  app.get(
    "/suppliers/:id",
    { schema: { params: SupplierParams, response: { 200: SupplierSchema } } },
    async (r) => getSupplier(ctx, r.params.id),
  );
  app.post(
    "/suppliers",
    { ...writer, schema: { body: SupplierBody, response: { 201: SupplierSchema } } },
    async (request, reply) => {
      reply.status(201);
      return createSupplier(ctx, request.body);
    },
  );
  app.patch(
    "/suppliers/:id",
    {
      ...writer,
      schema: { params: SupplierParams, body: SupplierPatchBody, response: { 200: SupplierSchema } },
    },
    async (request) => updateSupplier(ctx, request.params.id, request.body),
  );

  app.get("/purchase-orders", { schema: { response: { 200: PurchaseOrderList } } }, async () =>
    listOrders(ctx),
  );
  app.get(
    "/purchase-orders/:id",
    { schema: { params: PurchaseOrderParams, response: { 200: PurchaseOrderSchema } } },
    async (request) => getOrder(ctx, request.params.id),
  );
  app.post(
    "/purchase-orders",
    { ...writer, schema: { body: NewOrderBody, response: order } },
    async (request, reply) => {
      reply.status(201);
      return createOrder(ctx, actor(request), request.body);
    },
  );
  app.post(
    "/purchase-orders/from-low-stock",
    { ...writer, schema: { body: FromLowStockBody, response: order } },
    async (request, reply) => {
      reply.status(201);
      return orderFromLowStock(ctx, actor(request), request.body);
    },
  );
  app.post(
    "/purchase-orders/:id/send",
    { ...writer, schema: { params: PurchaseOrderParams, response: order } },
    async (request) => sendOrder(ctx, request.params.id),
  );
  app.post(
    "/purchase-orders/:id/cancel",
    { ...writer, schema: { params: PurchaseOrderParams, response: order } },
    async (request) => cancelOrder(ctx, actor(request), request.params.id),
  );

  app.post(
    "/purchase-receipts",
    { ...writer, schema: { body: ReceiptBody, response: { 201: ReceiptAnswer } } },
    async (request, reply) => {
      reply.status(201);
      return receiveGoods(ctx, actor(request), request.body);
    },
  );

  app.get("/stock/valuation", { schema: { response: { 200: ValuationSchema } } }, async () =>
    stockValuation(ctx),
  );
  app.get(
    "/stock/reorder",
    { schema: { querystring: ReorderQuery, response: { 200: ReorderList } } },
    async (request) => reorderList(ctx, request.query.coverDays),
  );
};
