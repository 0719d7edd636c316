import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { IdParams } from "@mostrador/contracts/http/fields";
import { BulkPriceAnswer, BulkPriceBody, PriceHistoryList } from "@mostrador/contracts/http/pricing";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { applyBulkPrices, previewBulkPrices } from "./bulk-prices.js";
import { priceHistory } from "./price-history.js";

/** Bulk price changes (catalog.edit, as editing one price is) and each product's price history. */
export const pricingRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const editor = { preHandler: requirePermission("catalog.edit") };

  app.post(
    "/prices/bulk/preview",
    { ...editor, schema: { body: BulkPriceBody, response: { 200: BulkPriceAnswer } } },
    async (request) => previewBulkPrices(ctx, request.body),
  );
  app.post(
    "/prices/bulk",
    { ...editor, schema: { body: BulkPriceBody, response: { 200: BulkPriceAnswer } } },
    async (request) => {
      const p = principalOf(request);
      return applyBulkPrices(ctx, { staffId: p.staffId, terminalId: p.terminalId }, request.body);
    },
  );
  app.get(
    "/products/:id/price-history",
    { schema: { params: IdParams, response: { 200: PriceHistoryList } } },
    async (request) => priceHistory(ctx, request.params.id),
  );
};
