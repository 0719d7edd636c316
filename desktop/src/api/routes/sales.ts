import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { MAX_AMOUNT } from "../../money/money.js";
import { MAX_PAYMENTS, MAX_REFERENCE_LENGTH } from "../../pos/payments.js";
import { commitReturn } from "../../pos/returns.js";
import { commitSale } from "../../pos/sale.js";
import { getSale, listSales, MAX_SALES_PAGE } from "../../pos/sale-view.js";
import { MAX_GRAMS, MAX_LINES } from "../../pos/totals.js";
import { voidSale } from "../../pos/voids.js";
import { principalOf } from "../auth.js";
import type { RoutesFactory } from "../../core/module.js";

// The till makes ids (UUIDv7) before sending, so a resend after a network failure is recognised.
const ClientId = Type.String({
  minLength: 36,
  maxLength: 36,
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
});
const RowId = Type.String({ minLength: 1, maxLength: 64 });
const Method = Type.Union([
  Type.Literal("cash"),
  Type.Literal("debit"),
  Type.Literal("credit"),
  Type.Literal("transfer"),
]);
// Units, or grams for weighed goods; the domain narrows units to 100.000.
const Quantity = Type.Integer({ minimum: 1, maximum: MAX_GRAMS, measure: "quantity" });
const Reference = Type.String({ maxLength: MAX_REFERENCE_LENGTH });
const Reason = Type.String({ minLength: 1, maxLength: 200 });

const Discount = Type.Object(
  {
    kind: Type.Union([Type.Literal("percent"), Type.Literal("amount")]),
    // basis points for percent (checked ≤ 10000 by the domain), centavos for amount
    value: Type.Integer({ minimum: 0, maximum: MAX_AMOUNT }),
  },
  { additionalProperties: false },
);
const Approval = Type.Object(
  { staffId: RowId, pin: Type.String({ minLength: 1, maxLength: 12 }) },
  { additionalProperties: false },
);

const SaleBody = Type.Object(
  {
    id: ClientId,
    lines: Type.Array(
      Type.Object(
        {
          productId: Type.Optional(RowId),
          barcode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          quantity: Type.Optional(Quantity),
          discount: Type.Optional(Discount),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_LINES },
    ),
    ticketDiscount: Type.Optional(Discount),
    payments: Type.Array(
      Type.Object(
        {
          method: Method,
          amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, measure: "money" }),
          tendered: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" })),
          reference: Type.Optional(Reference),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_PAYMENTS },
    ),
    approval: Type.Optional(Approval),
  },
  { additionalProperties: false },
);

const SalesQuery = Type.Object(
  {
    sessionId: Type.Optional(RowId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SALES_PAGE })),
  },
  { additionalProperties: false },
);
const SaleParams = Type.Object({ id: RowId }, { additionalProperties: false });
const VoidBody = Type.Object(
  { reason: Reason, approval: Type.Optional(Approval) },
  { additionalProperties: false },
);
const ReturnBody = Type.Object(
  {
    id: ClientId,
    lines: Type.Array(
      Type.Object({ saleLineId: RowId, quantity: Quantity }, { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: MAX_LINES,
      },
    ),
    refunds: Type.Array(
      Type.Object(
        {
          method: Method,
          amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, measure: "money" }),
          reference: Type.Optional(Reference),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_PAYMENTS },
    ),
    reason: Reason,
    approval: Type.Optional(Approval),
  },
  { additionalProperties: false },
);

/**
 * Sales, voids and returns. Void and return are NOT behind requirePermission: a cashier may do them with a
 * manager's `approval` in the body, which the domain verifies (pos/authorize.ts).
 */
export const salesRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.post("/sales", { schema: { body: SaleBody } }, async (request, reply) => {
    const { sale, created } = commitSale(ctx, principalOf(request), request.body);
    reply.status(created ? 201 : 200);
    return sale;
  });

  app.get("/sales", { schema: { querystring: SalesQuery } }, async (request) =>
    listSales(ctx, request.query),
  );

  app.get("/sales/:id", { schema: { params: SaleParams } }, async (request) =>
    getSale(ctx, request.params.id),
  );

  app.post("/sales/:id/void", { schema: { params: SaleParams, body: VoidBody } }, async (request) =>
    voidSale(ctx, principalOf(request), request.params.id, request.body),
  );

  app.post(
    "/sales/:id/returns",
    { schema: { params: SaleParams, body: ReturnBody } },
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
